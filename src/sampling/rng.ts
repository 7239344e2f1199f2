// A small seeded PRNG: the same seed gives the same stream, on every platform. The one PRNG of
// seedloop: the samplers draw from it, and the harness's simulated jitter and timing too.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

/** mulberry32 from a raw 32-bit state. */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** mulberry32, seeded through splitmix32 so nearby seeds give unrelated streams. */
export function seededRng(seed: number): Rng {
  let s = (seed >>> 0) ^ 0x9e3779b9;
  s = Math.imul(s ^ (s >>> 16), 0x85ebca6b);
  s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35);
  return { next: mulberry32((s ^ (s >>> 16)) >>> 0) };
}
