// Tonal pull: pitch classes biased by the tonal hierarchy of the key in force, the Krumhansl-Kessler
// probe-tone profile (tonic above fifth and third, above the other scale tones, above the chromatic ones):
// strength x ln(profile / profile of the tonic). A scale lock keeps a loop inside seven notes but lets it
// centre on another tonic of them (the relative major or minor), which Krumhansl-Schmuckler then reads as
// another key; this pull favours the seed's own tonic and fifth, which is what that estimate rewards.
import { KK_MAJOR, KK_MINOR, type Key } from '../../eval/keyProfile.ts';
import type { Sampler } from '../samplers.ts';
import type { TokenTable } from '../tokenTable.ts';
import { seedKey } from './key.ts';
import { parseKey } from './settings.ts';

export interface TonalSampler extends Sampler {
  key(): Key | null;
  /** The bias per pitch class, C = 0 (null when no key is in force). */
  biases(): number[] | null;
}

export function tonalBiases(k: Key, strength: number): number[] {
  const profile = k.mode === 'major' ? KK_MAJOR : KK_MINOR;
  return Array.from({ length: 12 }, (_, pc) => strength * Math.log(profile[(pc - k.tonic + 12) % 12] / profile[0]));
}

/** `key`: 'auto' or 'seed' (the seed's Krumhansl-Schmuckler key) or a key name; 'off' pulls nothing. */
export function tonal(table: TokenTable, key: string, strength: number): TonalSampler {
  let current: Key | null = parseKey(key);
  let bias = current ? tonalBiases(current, strength) : null;
  return {
    name: 'tonal',
    key: () => current,
    biases: () => bias,
    seed(ids) {
      if (key !== 'auto' && key !== 'seed') return;
      current = seedKey(ids, table);
      bias = current ? tonalBiases(current, strength) : null;
    },
    apply({ logits }) {
      if (!bias) return;
      for (let id = 0; id < logits.length; id++) {
        if (logits[id] !== -Infinity && table.types[id] === 'Pitch') logits[id] += bias[table.values[id] % 12];
      }
    },
  };
}
