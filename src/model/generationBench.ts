// Generation benchmark: prefill, decode tokens/s (batch 1 and K), first-bar and whole-loop latency.
// Runs the LoadedModel in-process: the same code the worker runs, without the message hop.
import { DEFAULT_SAMPLER } from '../sampling/types.ts';
import type { LoadedModel } from './loadedModel.ts';

export interface GenBench {
  model: string;
  file: string;
  provider: string;
  threads: number | null;
  seedTokens: number;
  prefillMs: number;
  decodeTokPerSec: { batch1: number; batchK: number; K: number };
  firstBarMs: number;
  firstRequestFirstBarMs: number; // the first request after open: what the live path's first loop waits for
  loopMs: number; // 8 bars, one candidate
  loopTokens: number;
  loopKMs: number; // 8 bars, K candidates
  runs: number;
}

export { benchSeedIds, benchSeedScore } from './benchSeed.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 1) => Number(x.toFixed(d));

/** Decode tokens/s of the model step alone: `steps` cached steps at `batch` rows after the seed. */
async function decodeRate(engine: LoadedModel, seed: number[], batch: number, steps: number): Promise<number> {
  const { decoder } = engine;
  decoder.reset(1);
  await decoder.forward([seed], seed.length);
  decoder.expand(batch);
  const step = new Int32Array(batch).fill(seed.at(-1)!);
  await decoder.forward(step, 1); // warm-up
  const t = performance.now();
  for (let i = 0; i < steps; i++) await decoder.forward(step, 1);
  return (steps * batch * 1000) / (performance.now() - t);
}

/** Time from the request to its first complete bar. */
async function firstBarOf(engine: LoadedModel, req: Parameters<LoadedModel['generate']>[0]): Promise<number> {
  const t = performance.now();
  let first = 0;
  await engine.generate(req, {
    onEvent: (e) => {
      if (e.type === 'bar' && e.index === 0 && !first) first = performance.now() - t;
    },
  });
  return first;
}

export async function benchGeneration(
  engine: LoadedModel,
  seed: number[],
  opts: { runs?: number; K?: number; threads?: number },
): Promise<GenBench> {
  const runs = opts.runs ?? 5;
  const K = opts.K ?? 4;
  const { decoder } = engine;
  const firstRequest = await firstBarOf(engine, { seedIds: seed, bars: 1, sampler: DEFAULT_SAMPLER, candidates: 1, rngSeed: 0 });
  // warm-up: first runs pay for allocations and kernel selection
  decoder.reset(1);
  await decoder.forward([seed], seed.length);
  const prefill: number[] = [];
  for (let i = 0; i < runs; i++) {
    decoder.reset(1);
    const t = performance.now();
    await decoder.forward([seed], seed.length);
    prefill.push(performance.now() - t);
  }
  const batch1 = await decodeRate(engine, seed, 1, 64);
  const batchK = await decodeRate(engine, seed, K, 64);
  const firstBar: number[] = [];
  const loop: number[] = [];
  const loopTokens: number[] = [];
  const loopK: number[] = [];
  const req = { seedIds: seed, bars: 8, sampler: DEFAULT_SAMPLER, candidates: 1 };
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    let first = 0;
    const r = await engine.generate({ ...req, rngSeed: i }, {
      onEvent: (e) => {
        if (e.type === 'bar' && e.index === 0) first = performance.now() - t;
      },
    });
    loop.push(performance.now() - t);
    firstBar.push(first);
    loopTokens.push(r.tokens);
  }
  for (let i = 0; i < Math.max(1, Math.ceil(runs / 2)); i++) {
    const t = performance.now();
    await engine.generate({ ...req, candidates: K, rngSeed: 100 + i });
    loopK.push(performance.now() - t);
  }
  return {
    model: engine.manifest.name,
    file: engine.opened.file.slice(engine.opened.file.lastIndexOf('/') + 1),
    provider: engine.provider,
    threads: opts.threads ?? null,
    seedTokens: seed.length,
    prefillMs: round(median(prefill), 2),
    decodeTokPerSec: { batch1: round(batch1), batchK: round(batchK), K },
    firstBarMs: round(median(firstBar)),
    firstRequestFirstBarMs: round(firstRequest),
    loopMs: round(median(loop)),
    loopTokens: median(loopTokens),
    loopKMs: round(median(loopK)),
    runs,
  };
}
