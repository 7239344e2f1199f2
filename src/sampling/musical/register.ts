// Register: pitches more than `span` semitones outside the seed's lowest..highest pitch are masked.
import type { Sampler } from '../samplers.ts';
import type { TokenTable } from '../tokenTable.ts';
import { biasIds, seedNotes } from './seedNotes.ts';

export interface RegisterSampler extends Sampler {
  range(): [number, number] | null;
}

export function register(table: TokenTable, span: number): RegisterSampler {
  let range: [number, number] | null = null;
  return {
    name: 'register',
    range: () => range,
    seed(ids) {
      const ps = seedNotes(ids, table).notes.map((n) => n.pitch);
      range = ps.length ? [Math.min(...ps) - span, Math.max(...ps) + span] : null;
    },
    apply({ logits }) {
      if (!range) return;
      const [lo, hi] = range;
      biasIds(logits, (id) => table.types[id] === 'Pitch' && (table.values[id] < lo || table.values[id] > hi), -Infinity);
    },
  };
}
