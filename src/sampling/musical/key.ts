// Key lock: pitches outside the key's scale get a negative logit bias (soft) or are masked (hard).
// 'auto' finds the seed's key with Krumhansl-Schmuckler profiles over its duration-weighted pitch classes.
import { detectKey, type Key } from '../../eval/pitch.ts';
import type { Sampler } from '../samplers.ts';
import type { TokenTable } from '../tokenTable.ts';
import { biasIds, seedNotes } from './seedNotes.ts';
import { parseKey } from './settings.ts';

const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const MINOR = [0, 2, 3, 5, 7, 8, 10, 11]; // natural minor plus the leading tone (harmonic minor's raised 7th)

export function scaleOf(k: Key): Set<number> {
  return new Set((k.mode === 'major' ? MAJOR : MINOR).map((s) => (k.tonic + s) % 12));
}

export interface KeySampler extends Sampler {
  /** The key in force (null: off, or 'auto' before a seed with notes). */
  key(): Key | null;
}

/** `strength` 0..1: bias -8 x strength on out-of-key pitches; 1 masks them. */
export function keyLock(table: TokenTable, key: string, strength: number): KeySampler {
  let current: Key | null = parseKey(key);
  let inScale = current ? scaleOf(current) : null;
  const bias = strength >= 1 ? -Infinity : -8 * strength;
  return {
    name: 'keyLock',
    key: () => current,
    seed(ids) {
      if (key !== 'auto') return;
      const hist = new Array(12).fill(0);
      for (const n of seedNotes(ids, table).notes) hist[n.pitch % 12] += n.beats;
      current = detectKey(hist);
      inScale = current ? scaleOf(current) : null;
    },
    apply({ logits }) {
      if (!inScale || key === 'off') return;
      const scale = inScale;
      biasIds(logits, (id) => table.types[id] === 'Pitch' && !scale.has(table.values[id] % 12), bias);
    },
  };
}
