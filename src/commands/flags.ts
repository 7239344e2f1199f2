// Checks for command-line values: each failure is one UserError naming the flag and the value typed.
import { UserError } from '../errors.ts';

/** A whole number within min..max (inclusive), or undefined when the flag was not given. */
export function wholeNumber(flag: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}-${max}`;
    throw new UserError(`${flag} ${value}: must be a whole number ${range}`);
  }
}

/** A finite number within min..max (inclusive). */
export function finiteNumber(flag: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!(Number.isFinite(value) && value >= min && value <= max)) throw new UserError(`${flag} ${value}: must be a number from ${min} to ${max}`);
}

/** Intra-op threads: ORT takes any count, but 0 or less (or a typo) would be read as "all cores" or fail late. */
export const checkThreads = (value: number | undefined) => wholeNumber('--threads', value, 1, 256);

/** Seeds index a 32-bit PRNG (src/sampling/rng.ts): larger values would wrap, so two seeds would share a loop. */
export const RNG_SEED_MAX = 2 ** 32 - 1;
export const checkRngSeed = (value: number | undefined) => wholeNumber('--rng-seed', value, 0, RNG_SEED_MAX);
