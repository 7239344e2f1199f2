// Transpose: move every pitch of a seed by n semitones before the model reads it, so the loop follows
// in the new key. A note pushed outside the vocabulary's pitch range is dropped with its Velocity and
// Duration (a position left empty loses its Position token too).
import type { TokenTable } from '../tokenTable.ts';

export function transposeIds(ids: number[], table: TokenTable, n: number): number[] {
  if (n === 0 || table.pieces) return ids; // BPE: merged ids are not transposed (not mapped yet)
  const pitchId = new Map<number, number>();
  table.types.forEach((t, id) => t === 'Pitch' && pitchId.set(table.values[id], id));
  const out: number[] = [];
  let skip = 0;
  let pendingPosition = -1; // a Position kept back until one of its notes survives
  for (const id of ids) {
    const type = table.types[id];
    if (skip > 0 && (type === 'Velocity' || type === 'Duration')) {
      skip--;
      continue;
    }
    skip = 0;
    if (type === 'Position') {
      pendingPosition = id;
      continue;
    }
    if (type === 'Pitch') {
      const moved = pitchId.get(table.values[id] + n);
      if (moved === undefined) {
        skip = 2;
        continue;
      }
      if (pendingPosition >= 0) out.push(pendingPosition);
      pendingPosition = -1;
      out.push(moved);
      continue;
    }
    if (pendingPosition >= 0 && type !== 'Bar') out.push(pendingPosition); // e.g. a Position before a non-note token
    pendingPosition = -1;
    out.push(id);
  }
  return out;
}
