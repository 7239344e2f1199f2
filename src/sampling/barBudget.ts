// Bar budget: a loop is exactly N bars. No end before N bars; the (N+1)th Bar token is the stop signal
// (sampled, never emitted), so the last bar always ends on a complete note triplet, never half way.
// With a trained (BPE) vocabulary a bar starts with any id whose base tokens begin with Bar (table.barIds),
// and a bar's length is counted in model ids: that is what it costs the context.
import type { Candidates } from './candidates.ts';
import type { Sampler } from './samplers.ts';
import type { TokenTable } from './tokenTable.ts';

export interface BarBudget extends Sampler {
  readonly bars: number;
  barsStarted(): number;
  /** True for the token that ends the loop: the Bar after the Nth bar. */
  isStop(id: number): boolean;
  accept(id: number): void;
}

/**
 * `maxTokensPerBar` bounds a bar (and so the whole loop, to fit the context): once a bar has that many
 * tokens, the next Bar is forced as soon as the grammar allows one.
 */
export function barBudget(table: TokenTable, bars: number, maxTokensPerBar: number): BarBudget {
  let started = 0;
  let tokensInBar = 0;
  const forceBar = (logits: Float32Array) => {
    if (table.barIds.every((id) => logits[id] === -Infinity)) return; // mid-triplet: finish the note first
    for (let i = 0; i < logits.length; i++) if (!table.startsBar[i]) logits[i] = -Infinity;
  };
  return {
    name: 'barBudget',
    bars,
    barsStarted: () => started,
    isStop: (id) => table.startsBar[id] === 1 && started === bars,
    apply({ logits }: Candidates) {
      for (const id of table.specialIds) logits[id] = -Infinity; // no EOS/PAD: the budget decides the end
      if (started === 0 || tokensInBar >= maxTokensPerBar) forceBar(logits);
    },
    accept(id) {
      if (table.startsBar[id]) {
        started++;
        tokensInBar = 1;
      } else tokensInBar++;
    },
  };
}
