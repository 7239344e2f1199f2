// Rolling context and the bar token limit: small tables over plain token lists.
import { describe, expect, it } from 'vitest';
import { barTokenLimit } from '../../src/model/limits.ts';
import { settingRow } from '../../src/settings/table.ts';
import { countBars, keptWindow, seedAnchor } from '../../src/model/window.ts';

const BOS = 1;
const B = 3; // Bar
const SB = Uint8Array.from({ length: 40 }, (_, id) => (id === B ? 1 : 0)); // startsBar per id
// BOS | bar of 4 | bar of 3 | bar of 5 (being written)
const ctx = [BOS, B, 10, 11, 12, B, 20, 21, B, 30, 31, 32, 33];

describe('keptWindow', () => {
  it.each([
    { limit: 13, want: ctx, why: 'it fits: unchanged' },
    { limit: 12, want: [BOS, B, 20, 21, B, 30, 31, 32, 33], why: 'the oldest bar goes' },
    { limit: 9, want: [BOS, B, 20, 21, B, 30, 31, 32, 33], why: 'exactly the limit' },
    { limit: 8, want: [BOS, B, 30, 31, 32, 33], why: 'two bars go' },
    { limit: 6, want: [BOS, B, 30, 31, 32, 33], why: 'BOS and the bar being written' },
    { limit: 3, want: [BOS, B, 30, 31, 32, 33], why: 'the bar being written stays even when longer' },
  ])('limit $limit: $why', ({ limit, want }) => {
    const got = keptWindow(ctx, SB, limit);
    expect(got).toEqual(want);
    expect(got[0]).toBe(BOS);
    expect(got[1]).toBe(B); // a window starts on a bar line, as training windows do
  });

  it('a sequence with no bar line to cut at is an error, not a silent cut mid-bar', () => {
    expect(() => keptWindow([BOS, 10, 11, 12], SB, 2)).toThrow(/no bar line/);
  });

  it('counts bars', () => {
    expect(countBars(ctx, SB)).toBe(3);
    expect(countBars([BOS], SB)).toBe(0);
  });
});

describe('keptWindow with a head that stays in front', () => {
  const S = 7; // a style token
  // BOS Style | seed bar of 3 | seed bar of 2 | loop bar of 4 | loop bar of 3 (being written)
  const rolled = [BOS, S, B, 10, 11, B, 20, B, 30, 31, 32, B, 40, 41];
  const from = 7; // the seed (pinned by the anchor, or gone) ends here
  it.each([
    { limit: 14, head: { fixed: [BOS, S], anchor: [] }, from: 2, want: rolled, why: 'it fits: unchanged' },
    { limit: 13, head: { fixed: [BOS, S], anchor: [] }, from: 2, want: [BOS, S, B, 20, B, 30, 31, 32, B, 40, 41], why: 'the style stays, the oldest bar goes' },
    { limit: 5, head: { fixed: [BOS, S], anchor: [] }, from: 2, want: [BOS, S, B, 40, 41], why: 'the style and the bar being written' },
    { limit: 12, head: { fixed: [BOS, S], anchor: [B, 20] }, from, want: [BOS, S, B, 20, B, 30, 31, 32, B, 40, 41], why: 'the anchor, then the loop bars that fit' },
    { limit: 8, head: { fixed: [BOS, S], anchor: [B, 20] }, from, want: [BOS, S, B, 20, B, 40, 41], why: 'the anchor stays, loop bars go' },
    { limit: 8, head: { fixed: [BOS, S], anchor: [B, 10, 11, B, 20] }, from, want: [BOS, S, B, 20, B, 40, 41], why: "the anchor's oldest bar gives way to the bar being written" },
    { limit: 5, head: { fixed: [BOS, S], anchor: [B, 20] }, from, want: [BOS, S, B, 40, 41], why: 'all of the anchor gives way' },
  ])('limit $limit: $why', ({ limit, head, from, want }) => {
    expect(keptWindow(rolled, SB, limit, head, from)).toEqual(want);
  });

  it('the anchor is the seed\'s last whole bars within the budget', () => {
    const seed = [B, 10, 11, B, 20, B, 30, 31, 32];
    expect(seedAnchor(seed, SB, 0)).toEqual([]);
    expect(seedAnchor(seed, SB, 3)).toEqual([]);
    expect(seedAnchor(seed, SB, 4)).toEqual([B, 30, 31, 32]);
    expect(seedAnchor(seed, SB, 6)).toEqual([B, 20, B, 30, 31, 32]);
    expect(seedAnchor(seed, SB, 100)).toEqual(seed);
  });
});

describe('bar token limit', () => {
  it('a bar may take at most a third of the context, and never more than the table allows', () => {
    expect(barTokenLimit(1024)).toBe(341);
    expect(barTokenLimit(512)).toBe(170);
    expect(barTokenLimit(4096)).toBe(settingRow('maxBarTokens').max);
    // a row that stops to score holds BOS, its last bar (up to the limit + 3: a note is never cut), the stop
    // and the rest of its first bar
    for (const C of [64, 160, 512, 1024, 2048]) expect(1 + (barTokenLimit(C) + 3) + 1 + (barTokenLimit(C) + 2)).toBeLessThanOrEqual(C);
  });
});
