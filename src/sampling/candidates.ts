// The token distribution a sampler chain works on: one row of logits, masked in place with -Infinity.

/** One step's candidates. Samplers rewrite `logits` in place; the final sampler sets `selected`. */
export interface Candidates {
  logits: Float32Array; // length = vocab size; -Infinity = ruled out
  selected: number; // -1 until a selecting sampler (dist/greedy) has run
}

export function candidatesOf(logits: Float32Array): Candidates {
  return { logits, selected: -1 };
}

/** Softmax into `out` (allocated if not given); masked entries get probability 0. */
export function softmax(logits: Float32Array, out = new Float32Array(logits.length)): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  if (max === -Infinity) throw new Error('every token is masked: the sampler chain left nothing to sample');
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp(logits[i] - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < logits.length; i++) out[i] /= sum;
  return out;
}

/** log p(id) under softmax(logits): used for loop scores on the model's raw distribution. */
export function logProbOf(logits: ArrayLike<number>, id: number): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  return logits[id] - max - Math.log(sum);
}

/** Ids still in play (finite logit), highest logit first, ties by id so the order is deterministic. */
export function idsByLogit(logits: Float32Array): number[] {
  const ids: number[] = [];
  for (let i = 0; i < logits.length; i++) if (logits[i] !== -Infinity) ids.push(i);
  return ids.sort((a, b) => logits[b] - logits[a] || a - b);
}
