// Bars in model ids, with the BPE fixture's tokenizer (MidiTok BPE, 500 ids, per-bar splitting, learned from
// 12 VGMIDI files: test/fixtures/tiny-bpe-model) against the base tokenizer of the same REMI config.
import { describe, expect, it } from 'vitest';
import { barIds } from '../../src/model/barIds.ts';
import { benchSeedScore } from '../../src/model/benchSeed.ts';
import { padBars, seedToIds } from '../../src/model/loopCodec.ts';
import { loadTokenizer, mergeToSingleTrack } from '../../src/tokenizer/index.ts';
import type { Score } from '../../src/types.ts';

const bpe = await loadTokenizer(new URL('../fixtures/tiny-bpe-model/tokenizer.json', import.meta.url).pathname);
const base = await loadTokenizer(new URL('../fixtures/tiny-model/tokenizer.json', import.meta.url).pathname);

/** 3 bars of 3/4: a chord and a run in the first two, the third empty but for a held note. */
function waltz(): Score {
  const tpq = 480;
  const notes = [
    ...[60, 64, 67].map((pitch) => ({ pitch, velocity: 90, start: 0, duration: 2 * tpq })),
    ...[0, 1, 2, 3, 4, 5].map((i) => ({ pitch: 72 + i, velocity: 70, start: 3 * tpq + (i * tpq) / 2, duration: tpq / 2 })),
  ];
  return { ticksPerQuarter: tpq, tempos: [{ tick: 0, bpm: 100 }], timeSignatures: [{ tick: 0, numerator: 3, denominator: 4 }], tracks: [{ program: 0, isDrum: false, notes }] };
}

describe('barIds', () => {
  it('the fixture tokenizer is trained, and merges whole notes into one id', () => {
    expect(bpe.isTrained).toBe(true);
    expect(bpe.vocabSize).toBe(500);
    expect(base.isTrained).toBe(false);
  });

  for (const [name, score] of [['the bench seed (4/4)', benchSeedScore()], ['a waltz (3/4)', waltz()]] as const) {
    it(`${name}: split, base and encode agree with the base tokenizer, id for id`, () => {
      const ids = bpe.encodeScore(mergeToSingleTrack(score))[0];
      const baseIds = base.encodeScore(mergeToSingleTrack(score))[0];
      const b = barIds(bpe);
      expect(ids.length).toBeLessThan(baseIds.length); // merged: the test is about learned ids
      expect(ids.some((id) => id >= base.vocab.length)).toBe(true);
      expect(b.base(ids)).toEqual(baseIds);
      const bars = b.split(ids);
      const baseBars = barIds(base).split(baseIds);
      expect(bars).toHaveLength(baseBars.length);
      expect(bars.map((bar) => b.base(bar))).toEqual(baseBars); // each bar's model ids stand for exactly its base ids
      expect(b.encode(baseBars)).toEqual(ids); // and encoding bar by bar gives MidiTok's ids back
      for (const bar of bars) expect(bpe.idsToTokens(bar.slice(0, 1))[0]).toBe('Bar_None');
    });
  }

  it('a base vocabulary: model ids are base ids', () => {
    const b = barIds(base);
    const ids = base.encodeScore(benchSeedScore())[0];
    expect(b.base(ids)).toEqual(ids);
    expect(b.split(ids).every((bar) => bar[0] === base.tokenId('Bar_None'))).toBe(true);
    expect(b.encode(b.split(ids))).toEqual(ids);
  });

  it('padBars adds empty bars of the seed meter as model ids (Bar, TimeSig)', () => {
    const one: Score = { ...waltz(), tracks: [{ program: 0, isDrum: false, notes: [{ pitch: 60, velocity: 90, start: 0, duration: 480 }] }] };
    const ids = seedToIds(bpe, one, 3);
    expect(ids[0]).toBe(bpe.specialId('BOS'));
    const bars = barIds(bpe).split(ids);
    expect(bars).toHaveLength(3);
    for (const bar of bars.slice(1)) expect(bpe.idsToTokens(bar)).toEqual(['Bar_None', 'TimeSig_3/4']);
    expect(padBars(bpe, ids, 2)).toEqual(ids); // already long enough
  });
});
