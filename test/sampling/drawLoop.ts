// Drives a loop sampler to its stop token on logits made by the test (no model needed).
import { candidatesOf } from '../../src/sampling/candidates.ts';
import type { LoopSampler } from '../../src/sampling/chain.ts';

/** The ids the sampler picks, step by step, until its bar budget stops it; `logits` makes each step's. */
export function drawLoop(sampler: LoopSampler, logits: () => Float32Array, maxSteps = 10_000): number[] {
  const out: number[] = [];
  for (let step = 0; step < maxSteps; step++) {
    const c = candidatesOf(logits());
    sampler.apply(c);
    if (sampler.budget.isStop(c.selected)) return out;
    sampler.accept(c.selected);
    out.push(c.selected);
  }
  throw new Error('no end');
}
