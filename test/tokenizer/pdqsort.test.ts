// Tempo events sharing a tick come out of symusic in pdqsort_branchless order, not file order;
// MidiTok keeps the last tempo of a tick, so the order changes ids. Expected orders: symusic 0.6.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { pdqsort } from '../../src/midi/pdqsort.ts';

const cases: { input: number[][]; symusic: number[][] }[] = JSON.parse(
  readFileSync(new URL('../fixtures/tokenizer/tempo-order.json', import.meta.url), 'utf8'),
);

it.each(cases.map((c) => [c.input.length, c] as const))('orders %i tempo events exactly as symusic', (_n, c) => {
  expect(pdqsort(c.input, (e) => e[0])).toEqual(c.symusic);
});

it('differs from a stable sort on these inputs (so the test means something)', () => {
  const stableMatches = cases.filter((c) => JSON.stringify([...c.input].sort((a, b) => a[0] - b[0])) === JSON.stringify(c.symusic));
  expect(stableMatches.length).toBeLessThan(cases.length);
});
