// MidiTok 3.1 parity without Python: fixtures made by scripts/parity/make_fixtures.py hold
// MidiTok's own ids and decoded notes for each hand-made file under six tokenizer configs.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTokenizer } from '../../src/tokenizer/index.ts';
import type { Score } from '../../src/types.ts';

const dir = new URL('../fixtures/tokenizer/', import.meta.url);
const expected: Record<string, Record<string, { ids: number[][]; notes: unknown }>> = JSON.parse(
  readFileSync(new URL('expected.json', dir), 'utf8'),
);
const configs = readdirSync(new URL('tokenizers/', dir)).map((f) => f.replace(/\.json$/, ''));

function summarize(s: Score) {
  return {
    tpq: s.ticksPerQuarter,
    tracks: s.tracks.map((t) => ({ program: t.program, drum: t.isDrum, notes: t.notes.map((n) => [n.start, n.duration, n.pitch, n.velocity]) })),
    tempos: s.tempos.map((t) => [t.tick, Number(t.bpm.toFixed(2))]),
    timeSignatures: s.timeSignatures.map((t) => [t.tick, t.numerator, t.denominator]),
  };
}

describe.each(configs)('MidiTok parity, config %s', (config) => {
  it.each(Object.keys(expected))('%s: same ids and same decoded notes', async (file) => {
    const tok = await loadTokenizer(new URL(`tokenizers/${config}.json`, dir).pathname);
    const want = expected[file][config];
    const ids = tok.encodeMidi(new Uint8Array(readFileSync(new URL(`${file}.mid`, dir))));
    expect(ids).toEqual(want.ids);
    expect(summarize(tok.decodeIds(ids))).toEqual(want.notes);
  });
});

it('covers the configs the parity harness uses', () => {
  expect(configs).toEqual(expect.arrayContaining(['defaults', 'writeup', 'shipped', 'bpe', 'programs', 'programs_tracks']));
});
