// Density: steer notes per bar toward `ratio` x the seed's, by biasing the Position/Pitch/Bar choice.
// A feedback term: notes written so far in the bar against the share of the target due by the current
// position. Behind: more chord notes (Pitch up), nearer onsets (far Positions down), no early bar end
// (Bar down); ahead: the reverse. It only biases tokens the grammar allows, so the grammar and the bar
// budget (exact N bars) are untouched.
import type { Sampler } from '../samplers.ts';
import type { TokenTable } from '../tokenTable.ts';
import { seedNotes } from './seedNotes.ts';

const GAIN = 3; // logits per note behind, scaled by 1/sqrt(target) // logits per note behind, scaled by 1/sqrt(target) // logits per note behind, scaled by 1/sqrt(target) // logits per note behind, scaled by 1/sqrt(target)
const LIMIT = 10;

export interface DensitySampler extends Sampler {
  target(): number; // notes per bar aimed at (0 before a seed with notes)
}

export function density(table: TokenTable, ratio: number): DensitySampler {
  const defaultPpb = Math.max(0, ...table.positionsPerBar.values());
  let target = 0;
  let ppb = defaultPpb;
  let position = -1;
  let notes = 0;
  return {
    name: 'density',
    target: () => target,
    seed(ids) {
      const s = seedNotes(ids, table);
      target = s.bars > 0 ? (ratio * s.notes.length) / s.bars : 0;
    },
    apply({ logits }) {
      if (target <= 0 || ppb <= 0) return;
      const due = (target * (Math.max(position, 0) + 1)) / ppb;
      // -0.5: a note now counts against the target halfway (chord notes come cheap; this keeps them from overshooting)
      const b = Math.max(-LIMIT, Math.min(LIMIT, (GAIN * (due - notes - 0.5)) / Math.sqrt(target)));
      for (let id = 0; id < logits.length; id++) {
        if (logits[id] === -Infinity) continue;
        const type = table.types[id];
        if (type === 'Pitch') logits[id] += b;
        else if (type === 'Bar') logits[id] -= b;
        else if (type === 'Position') logits[id] -= (b * 4 * (table.values[id] - position - 1)) / ppb;
      }
    },
    accept(id) {
      const type = table.types[id];
      if (type === 'Bar') {
        position = -1;
        notes = 0;
      } else if (type === 'TimeSig') ppb = table.positionsPerBar.get(id) ?? defaultPpb;
      else if (type === 'Position') position = table.values[id];
      else if (type === 'Pitch') notes++;
    },
  };
}
