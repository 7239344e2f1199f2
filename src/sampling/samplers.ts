// The basic samplers, llama.cpp style: each is a tiny object that rewrites the candidates in place.
// Stateful ones also `accept` the token that was finally chosen. A chain is itself a sampler.
import { type Candidates, idsByLogit, softmax } from './candidates.ts';
import type { Rng } from './rng.ts';

export interface Sampler {
  readonly name: string;
  apply(c: Candidates): void;
  /** Told the token that was chosen (and is now part of the sequence). */
  accept?(id: number): void;
  /** Told the seed once, before its tokens are accepted (samplers that steer by the seed read it here). */
  seed?(ids: number[]): void;
}

/** Divide logits by T; T <= 0 means greedy (only the best token survives). */
export function temperature(t: number): Sampler {
  return {
    name: 'temperature',
    apply({ logits }) {
      if (t === 1) return;
      if (t <= 0) {
        const best = idsByLogit(logits)[0];
        for (let i = 0; i < logits.length; i++) if (i !== best) logits[i] = -Infinity;
        return;
      }
      for (let i = 0; i < logits.length; i++) logits[i] /= t;
    },
  };
}

/** Keep the k most likely tokens (0 = off). */
export function topK(k: number): Sampler {
  return {
    name: 'topK',
    apply({ logits }) {
      if (k <= 0) return;
      const order = idsByLogit(logits);
      for (let r = k; r < order.length; r++) logits[order[r]] = -Infinity;
    },
  };
}

/** Keep the smallest set of most likely tokens whose probabilities sum to at least p (1 = off). */
export function topP(p: number): Sampler {
  return {
    name: 'topP',
    apply({ logits }) {
      if (p >= 1) return;
      const probs = softmax(logits);
      const order = idsByLogit(logits);
      let sum = 0;
      let r = 0;
      while (r < order.length && sum < p) sum += probs[order[r++]];
      for (; r < order.length; r++) logits[order[r]] = -Infinity;
    },
  };
}

/** Drop tokens less likely than m times the most likely one (0 = off). */
export function minP(m: number): Sampler {
  return {
    name: 'minP',
    apply({ logits }) {
      if (m <= 0) return;
      let max = -Infinity;
      for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
      // p_i >= m * p_max  <=>  logit_i >= logit_max + ln(m)  (less a float32 rounding margin)
      const floor = max + Math.log(m) - 1e-6;
      for (let i = 0; i < logits.length; i++) if (logits[i] < floor) logits[i] = -Infinity;
    },
  };
}

/**
 * CTRL-style repetition penalty (as in HF and llama.cpp) over the last `window` tokens, limited to the
 * ids in `penalized` (for music: pitches; penalizing Bar or Position tokens would break the rhythm).
 */
export function repetitionPenalty(penalty: number, penalized: (id: number) => boolean, window = 64): Sampler {
  const recent: number[] = [];
  return {
    name: 'repetitionPenalty',
    apply({ logits }) {
      if (penalty === 1 || recent.length === 0) return;
      for (const id of new Set(recent)) {
        const l = logits[id];
        logits[id] = l > 0 ? l / penalty : l * penalty;
      }
    },
    accept(id) {
      if (!penalized(id)) return;
      recent.push(id);
      if (recent.length > window) recent.shift();
    },
  };
}

/** Draw from softmax(logits) with a seeded RNG: the last link of a chain. */
export function dist(rng: Rng): Sampler {
  let scratch = new Float32Array(0);
  return {
    name: 'dist',
    apply(c) {
      if (scratch.length !== c.logits.length) scratch = new Float32Array(c.logits.length);
      const probs = softmax(c.logits, scratch);
      const u = rng.next();
      let sum = 0;
      let last = -1;
      for (let i = 0; i < probs.length; i++) {
        if (probs[i] === 0) continue;
        last = i;
        sum += probs[i];
        if (u < sum) {
          c.selected = i;
          return;
        }
      }
      c.selected = last; // rounding left u just above the total
    },
  };
}

/** Always the most likely token. */
export function greedy(): Sampler {
  return {
    name: 'greedy',
    apply(c) {
      c.selected = idsByLogit(c.logits)[0];
    },
  };
}

/** Samplers applied in order; accepting a token tells every stateful one. */
export function chain(samplers: Sampler[]): Sampler & { samplers: Sampler[]; accept(id: number): void } {
  return {
    name: 'chain',
    samplers,
    apply(c) {
      for (const s of samplers) s.apply(c);
    },
    accept(id) {
      for (const s of samplers) s.accept?.(id);
    },
  };
}
