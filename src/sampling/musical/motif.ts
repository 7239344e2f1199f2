// Motif / reuse: the opposite of a repetition penalty. Where the tokens just written match a stretch of
// the seed (at least MIN_MATCH tokens long), the token that came next in the seed gets a positive logit
// bias growing with the match length, so a loop can restate its seed's bars as human players do.
import type { Sampler } from '../samplers.ts';
import type { TokenTable } from '../tokenTable.ts';

const MIN_MATCH = 2;
const FULL_MATCH = 6; // a match this long gets the whole bias
const HISTORY = 64;

export interface MotifSampler extends Sampler {
  /** The bias each token would get now (for tests and display). */
  biases(): Map<number, number>;
}

export function motif(table: TokenTable, strength: number): MotifSampler {
  let seed: number[] = [];
  const recent: number[] = [];
  function biases(): Map<number, number> {
    const out = new Map<number, number>();
    if (strength <= 0 || recent.length < MIN_MATCH) return out;
    for (let j = 1; j < seed.length; j++) {
      // how far back seed[..j-1] matches the tokens just written
      let len = 0;
      while (len < j && len < recent.length && seed[j - 1 - len] === recent[recent.length - 1 - len]) len++;
      if (len < MIN_MATCH) continue;
      const next = seed[j];
      if (table.specialIds.has(next)) continue;
      const b = (strength * Math.min(len, FULL_MATCH)) / FULL_MATCH;
      if (b > (out.get(next) ?? 0)) out.set(next, b);
    }
    return out;
  }
  return {
    name: 'motif',
    biases,
    seed(ids) {
      seed = ids.filter((id) => !table.specialIds.has(id));
    },
    apply({ logits }) {
      for (const [id, b] of biases()) if (logits[id] !== -Infinity) logits[id] += b;
    },
    accept(id) {
      if (table.specialIds.has(id)) return;
      recent.push(id);
      if (recent.length > HISTORY) recent.shift();
    },
  };
}
