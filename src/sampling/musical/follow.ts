// Follow the seed's mix: a feedback bias that keeps the loop's distribution of one token type's classes
// (pitch classes, velocities) near the seed's. A class the loop has used less than the seed did gets a
// positive logit bias, one it has overused a negative one: strength x ln(seed share / loop share). Unlike a
// static bias by the seed's shares it does not sharpen the model's distribution (the loop ends up as
// varied as the seed, no narrower), and a seed with varied velocities cannot come back at one velocity.
import type { Sampler } from '../samplers.ts';
import type { TokenTable } from '../tokenTable.ts';

/**
 * prior: the loop's counts start as this many notes spread like the seed's (no bias at first; the smaller,
 * the sooner a mismatch counts). floor: shares are floored at this, so an unused class is not pushed
 * without end. limit: logits either way.
 */
export interface FollowShape {
  prior: number;
  floor: number;
  limit: number;
}
// Pitch classes: the model's own choice matters; a gentle pull is enough to keep the seed's mix.
const PITCH: FollowShape = { prior: 8, floor: 0.02, limit: 6 };
// Velocities: the model is often near-certain of one velocity (a logit gap of 10 and more), and a seed's
// rarer velocities may be 1 note in 10: the pull must build up quickly and go far.
const VELOCITY: FollowShape = { prior: 2, floor: 0.001, limit: 12 };

export interface FollowSampler extends Sampler {
  /** The bias each class gets now (null before a seed with at least two classes). */
  biases(): number[] | null;
}

/** `classOf(value)`: the class of a token of `type` (pitch % 12, or the velocity itself). */
export function follow(table: TokenTable, type: 'Pitch' | 'Velocity', classes: number, classOf: (value: number) => number, strength: number, shape: FollowShape): FollowSampler {
  const { prior, floor, limit } = shape;
  let seedShare: number[] | null = null;
  const used = new Array(classes).fill(0);
  let n = 0;
  let primed = false; // the seed's own tokens come through accept first; they are not the loop's
  let seedLeft = 0;
  function biases(): number[] | null {
    if (!seedShare) return null;
    const s = seedShare;
    return used.map((c, k) => {
      const loop = (c + prior * s[k]) / (n + prior);
      return Math.max(-limit, Math.min(limit, strength * Math.log(Math.max(floor, s[k]) / Math.max(floor, loop))));
    });
  }
  return {
    name: `follow${type}`,
    biases,
    seed(ids) {
      const counts = new Array(classes).fill(0);
      seedLeft = 0;
      for (const id of ids) {
        if (table.types[id] === type) counts[classOf(table.values[id])]++;
        seedLeft++;
      }
      const total = counts.reduce((a, b) => a + b, 0);
      seedShare = counts.filter((c) => c > 0).length >= 2 ? counts.map((c) => c / total) : null;
      primed = ids.length === 0;
    },
    apply({ logits }) {
      const b = biases();
      if (!b) return;
      for (let id = 0; id < logits.length; id++) {
        if (logits[id] !== -Infinity && table.types[id] === type) logits[id] += b[classOf(table.values[id])];
      }
    },
    accept(id) {
      if (!primed) {
        if (--seedLeft > 0) return;
        primed = true;
        return;
      }
      if (table.types[id] === type) {
        used[classOf(table.values[id])]++;
        n++;
      }
    },
  };
}

export const followPitchClasses = (table: TokenTable, strength: number) => follow(table, 'Pitch', 12, (p) => p % 12, strength, PITCH);
export const followVelocities = (table: TokenTable, strength: number) => follow(table, 'Velocity', 128, (v) => Math.max(0, Math.min(127, v)), strength, VELOCITY);
