// The musical samplers' tests share this: the shipped REMI vocabulary, a 4-bar A-minor seed, and loops
// drawn from random logits (the same noise for the same rng seed) through the real loop sampler.
import { readFileSync } from 'node:fs';
import { loopSampler } from '../../src/sampling/chain.ts';
import type { MusicalSettings } from '../../src/sampling/musical/settings.ts';
import { seededRng } from '../../src/sampling/rng.ts';
import { buildTokenTable } from '../../src/sampling/tokenTable.ts';
import { DEFAULT_SAMPLER } from '../../src/sampling/types.ts';
import { drawLoop } from './drawLoop.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/sampling/remi-vocab.json', import.meta.url), 'utf8'));
export const vocab: string[] = fixture.vocab;
export const table = buildTokenTable(fixture);
export const id = (token: string) => {
  const i = vocab.indexOf(token);
  if (i < 0) throw new Error(token);
  return i;
};
export const TS44 = id('TimeSig_4/4');
export const BOS = id('BOS_None');

/** A seed: one bar per entry, quarter notes at the given pitches (and velocities, 63 when not given). */
export function seedOf(barPitches: number[][], velocities?: number[][]): number[] {
  return [
    BOS,
    ...barPitches.flatMap((bar, b) => [
      table.barId,
      TS44,
      ...bar.flatMap((p, beat) => [id(`Position_${beat * 12}`), id(`Pitch_${p}`), id(`Velocity_${velocities?.[b][beat] ?? 63}`), id('Duration_1.0.6')]),
    ]),
  ];
}

/** A 4-bar A-minor seed, 4 quarter notes a bar (A C E A, then D F A D, ...): range 57..74. */
export const SEED_PITCHES = [[57, 60, 64, 69], [62, 65, 69, 74], [64, 68, 71, 64], [57, 60, 64, 69]];
export const SEED = seedOf(SEED_PITCHES);

/**
 * A loop drawn from random logits (the same noise for the same rng seed), with the given controls.
 * `shape` may tilt each step's logits (e.g. to make the "model" favour one velocity).
 */
export function sampleLoop(rngSeed: number, controls: MusicalSettings, bars = 8, temperature = 1, seed = SEED, shape?: (logits: Float32Array) => void): number[] {
  const s = loopSampler({ table, settings: { ...DEFAULT_SAMPLER, temperature, ...controls }, bars, maxTokensPerBar: 80, rngSeed, timeSigId: TS44 });
  s.prime(seed);
  const noise = seededRng(rngSeed ^ 0x5eed);
  return drawLoop(s, () => {
    const logits = new Float32Array(vocab.length);
    for (let i = 0; i < logits.length; i++) logits[i] = 3 * noise.next();
    shape?.(logits);
    return logits;
  });
}

export const pitches = (ids: number[]) => ids.filter((i) => table.types[i] === 'Pitch').map((i) => table.values[i]);
export const velocities = (ids: number[]) => ids.filter((i) => table.types[i] === 'Velocity').map((i) => table.values[i]);
export const bars = (ids: number[]) => ids.filter((i) => i === table.barId).length;
