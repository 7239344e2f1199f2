// A small seeded PRNG: the same seed gives the same stream, on every platform.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

/** mulberry32, seeded through splitmix32 so nearby seeds give unrelated streams. */
export function seededRng(seed: number): Rng {
  let s = (seed >>> 0) ^ 0x9e3779b9;
  s = Math.imul(s ^ (s >>> 16), 0x85ebca6b);
  s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35);
  let state = (s ^ (s >>> 16)) >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
