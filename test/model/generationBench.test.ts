// The bench measures what it says on the tiny model (numbers are not asserted: no timed tests).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readMidi, writeMidi } from '../../src/midi/file.ts';
import { benchGeneration, benchSeedIds, benchSeedScore } from '../../src/model/generationBench.ts';
import { LoadedModel } from '../../src/model/loadedModel.ts';
import { splitBars } from '../../src/model/loopCodec.ts';

const DIR = new URL('../fixtures/tiny-model/', import.meta.url).pathname;

describe('benchGeneration', () => {
  it('runs every measurement on a 4-bar seed and reports them', async () => {
    const engine = await LoadedModel.open(DIR, { device: 'cpu', threads: 1 });
    try {
      const seed = benchSeedIds(engine.tokenizer);
      expect(seed[0]).toBe(engine.manifest.specialIds.BOS);
      expect(splitBars(seed, engine.manifest.barTokenId)).toHaveLength(4);
      const r = await benchGeneration(engine, seed, { runs: 1, K: 2, threads: 1 });
      expect(r).toMatchObject({ model: 'tiny-model', provider: 'cpu', seedTokens: seed.length, runs: 1 });
      for (const x of [r.prefillMs, r.decodeTokPerSec.batch1, r.decodeTokPerSec.batchK, r.firstBarMs, r.firstRequestFirstBarMs, r.loopMs, r.loopKMs]) {
        expect(x).toBeGreaterThan(0);
      }
      expect(r.firstBarMs).toBeLessThanOrEqual(r.loopMs);
    } finally {
      await engine.close();
    }
  });
});

describe("test/fixtures/seed.mid (the README's example seed)", () => {
  it('is the bench seed: 4 bars of 4/4 at 120 bpm, made by benchSeedScore()', () => {
    const bytes = readFileSync(new URL('../fixtures/seed.mid', import.meta.url));
    expect(readMidi(bytes)).toEqual(readMidi(writeMidi(benchSeedScore())));
  });
});
