// Key lock: pitches outside the key's scale get a negative logit bias (soft) or are masked (hard).
// 'auto' finds the seed's key with Krumhansl-Schmuckler profiles over its duration-weighted pitch classes.
// 'seed' follows the seed's own pitch-class profile instead of a scale: a pitch class the seed never plays
// gets the full bias, one it plays at least a fifth as much as its most played class gets none, the rest
// in between.
import { detectKey, type Key } from '../../eval/keyProfile.ts';
import type { Sampler } from '../samplers.ts';
import type { TokenTable } from '../tokenTable.ts';
import { biasIds, seedNotes } from './seedNotes.ts';
import { parseKey } from './settings.ts';

const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const MINOR = [0, 2, 3, 5, 7, 8, 10, 11]; // natural minor plus the leading tone (harmonic minor's raised 7th)
const FULL = 8; // logits at strength 1 (below that; at 1 a scale lock masks)
const RARE = 0.2; // 'seed': a class with at least this share of the most played one is free

export function scaleOf(k: Key): Set<number> {
  return new Set((k.mode === 'major' ? MAJOR : MINOR).map((s) => (k.tonic + s) % 12));
}

/** The seed's Krumhansl-Schmuckler key on its duration-weighted pitch classes: the same function eval's
 * key agreement uses (detectKey), on the same weights (beats here, ticks there: a scale Pearson ignores). */
export function seedKey(ids: number[], table: TokenTable): Key | null {
  return detectKey(seedPitchClasses(ids, table));
}

/** The seed's pitch classes weighted by duration in beats (what the key estimate and the 'seed' profile read). */
function seedPitchClasses(ids: number[], table: TokenTable): number[] {
  const hist = new Array(12).fill(0);
  for (const n of seedNotes(ids, table).notes) hist[n.pitch % 12] += n.beats;
  return hist;
}

export interface KeySampler extends Sampler {
  /** The key in force (null: off, 'seed', or 'auto' before a seed with notes). */
  key(): Key | null;
}

/** `strength` 0..1: bias -8 x strength on out-of-key pitches; 1 masks them. */
export function keyLock(table: TokenTable, key: string, strength: number): KeySampler {
  let current: Key | null = parseKey(key);
  let inScale = current ? scaleOf(current) : null;
  let profile: number[] | null = null; // 'seed': bias per pitch class
  const bias = strength >= 1 ? -Infinity : -FULL * strength;
  return {
    name: 'keyLock',
    key: () => current,
    seed(ids) {
      if (key !== 'auto' && key !== 'seed') return;
      if (key === 'seed') {
        const hist = seedPitchClasses(ids, table);
        const top = Math.max(...hist);
        profile = top > 0 ? hist.map((h) => -FULL * strength * Math.max(0, 1 - h / (RARE * top))) : null;
        return;
      }
      current = seedKey(ids, table);
      inScale = current ? scaleOf(current) : null;
    },
    apply({ logits }) {
      if (profile) {
        const p = profile;
        for (let id = 0; id < logits.length; id++) {
          if (logits[id] !== -Infinity && table.types[id] === 'Pitch') logits[id] += p[table.values[id] % 12];
        }
        return;
      }
      if (!inScale || key === 'off') return;
      const scale = inScale;
      biasIds(logits, (id) => table.types[id] === 'Pitch' && !scale.has(table.values[id] % 12), bias);
    },
  };
}
