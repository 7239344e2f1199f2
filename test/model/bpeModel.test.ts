// A BPE model through the product path: the tiny BPE fixture (python3 -m training.fixture --bpe 500 --out
// test/fixtures/tiny-bpe-model) opens, a seed is encoded to learned ids, generated learned ids decode to notes,
// and a loop is exactly N bars, in the file (seedloop generate) and bar by bar (the live path's LoadedModel.loop).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readMidi, writeMidi } from '../../src/midi/file.ts';
import { barIds } from '../../src/model/barIds.ts';
import { benchSeedScore } from '../../src/model/benchSeed.ts';
import { LoadedModel } from '../../src/model/loadedModel.ts';
import { loopToScore, seedFromScore } from '../../src/model/midiLoop.ts';
import { DEFAULT_SAMPLER } from '../../src/sampling/types.ts';
import type { LoopEvent } from '../../src/model/types.ts';

const DIR = new URL('../fixtures/tiny-bpe-model/', import.meta.url).pathname;
const BIN = new URL('../../bin/seedloop.js', import.meta.url).pathname;
const BASE_VOCAB = 352; // the REMI config's base ids; learned ids are above

/** 2 bars of 3/4 at 90 bpm, a chord then a run: 3/4 so an exact loop length is not 4/4 by accident. */
const waltz = {
  ticksPerQuarter: 480,
  tempos: [{ tick: 0, bpm: 90 }],
  timeSignatures: [{ tick: 0, numerator: 3, denominator: 4 }],
  tracks: [{
    program: 0, isDrum: false,
    notes: [
      ...[60, 64, 67].map((pitch) => ({ pitch, velocity: 90, start: 0, duration: 960 })),
      ...[0, 1, 2, 3, 4, 5].map((i) => ({ pitch: 72 + i, velocity: 70, start: 1440 + i * 240, duration: 240 })),
    ],
  }],
};

describe('a BPE model', () => {
  it('generates learned ids that split into exactly 8 bars and decode to an 8-bar score', async () => {
    const model = await LoadedModel.open(DIR, { device: 'cpu', threads: 1 });
    try {
      const tok = model.tokenizer;
      expect(tok.isTrained).toBe(true);
      const seed = seedFromScore(benchSeedScore(), tok, 4, 'seed');
      expect(seed.bars).toHaveLength(4);
      expect(seed.ids.some((id) => id >= BASE_VOCAB)).toBe(true); // the seed reaches the model as learned ids
      const result = await model.generate({ seedIds: seed.ids, bars: 8, sampler: DEFAULT_SAMPLER, candidates: 1, rngSeed: 3 });
      const bars = barIds(tok).split(result.ids);
      expect(result.bars).toBe(8);
      expect(bars).toHaveLength(8);
      expect(result.ids.some((id) => id >= BASE_VOCAB)).toBe(true);
      const { score, loopStart, loopEnd } = loopToScore(tok, seed, result.ids, false);
      expect([loopStart, loopEnd]).toEqual([0, 8 * 4 * score.ticksPerQuarter]);
      const notes = score.tracks[0].notes;
      expect(notes.length).toBeGreaterThan(0);
      for (const n of notes) expect(n.start + n.duration).toBeLessThanOrEqual(loopEnd);
    } finally {
      await model.close();
    }
  });

  it('the live path: a captured 3/4 seed becomes learned ids, and each generated bar comes back as notes in its bar', async () => {
    const model = await LoadedModel.open(DIR, { device: 'cpu', threads: 1 });
    try {
      const events: LoopEvent[] = [];
      const res = await model.loop({ from: { seed: waltz, bars: 2 }, bars: 2, sampler: DEFAULT_SAMPLER, rngSeed: 1, candidates: 1 }, { onEvent: (e) => events.push(e) });
      const bars = events.filter((e) => e.type === 'bar');
      expect(bars.map((e) => e.index)).toEqual([0, 1]);
      const barClock = 3 * 24; // 3/4 in clock ticks (24 per beat)
      for (const e of bars) for (const n of e.notes) expect(n.start).toBeLessThan(barClock);
      expect(barIds(model.tokenizer).split(res.context.ids as number[])).toHaveLength(2);
      expect(model.tokenizer.idsToTokens(res.context.ids as number[]).filter((t) => t === 'TimeSig_3/4')).toHaveLength(2);
    } finally {
      await model.close();
    }
  });

  it('seedloop generate --model <BPE model> writes exactly 8 bars', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seedloop-bpe-'));
    const seed = join(dir, 'seed.mid');
    writeFileSync(seed, writeMidi(waltz));
    const out = join(dir, 'loop.mid');
    const { stdout } = await promisify(execFile)('node', [BIN, 'generate', '--seed', seed, '--out', out, '--model', DIR, '--rng-seed', '2', '--device', 'cpu', '--json']);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ bars: 8, meter: '3/4', model: 'tiny-bpe-model' });
    const score = readMidi(readFileSync(out));
    const end = 8 * 3 * score.ticksPerQuarter;
    const notes = score.tracks.flatMap((t) => t.notes);
    expect(notes.length).toBe(summary.notes);
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(n.start + n.duration).toBeLessThanOrEqual(end);
    expect(notes.some((n) => n.start >= 7 * 3 * score.ticksPerQuarter)).toBe(true); // the 8th bar is there, not cut short
  }, 30_000);
});
