// The warm-up run at open changes nothing a caller sees: the same request gives the same loop, warm or cold.
import { describe, expect, it } from 'vitest';
import { benchSeedIds } from '../../src/model/generationBench.ts';
import { LoadedModel } from '../../src/model/loadedModel.ts';
import { DEFAULT_SAMPLER } from '../../src/sampling/types.ts';

const DIR = new URL('../fixtures/tiny-model/', import.meta.url).pathname;

describe('LoadedModel.warmUp', () => {
  it('leaves the decoder empty and the next loop identical to a cold model\'s', async () => {
    const cold = await LoadedModel.open(DIR, { device: 'cpu', threads: 1 });
    const warm = await LoadedModel.open(DIR, { device: 'cpu', threads: 1 });
    try {
      await warm.warmUp();
      expect(warm.decoder.pastLength).toBe(0);
      const req = { seedIds: benchSeedIds(cold.tokenizer), bars: 4, sampler: DEFAULT_SAMPLER, candidates: 2, rngSeed: 7 };
      const a = await cold.generate(req);
      const b = await warm.generate(req);
      expect(b.ids).toEqual(a.ids);
      expect(a.ids.length).toBeGreaterThan(0);
    } finally {
      await cold.close();
      await warm.close();
    }
  });
});
