// What the musical samplers read from a seed: its notes (pitch, beats) and its bar count.
import type { TokenTable } from '../tokenTable.ts';

export interface SeedNote {
  pitch: number;
  beats: number;
}

export function seedNotes(ids: number[], table: TokenTable): { notes: SeedNote[]; bars: number } {
  const notes: SeedNote[] = [];
  let bars = 0;
  let pitch = -1;
  for (const id of ids) {
    const type = table.types[id];
    if (type === 'Bar') bars++;
    else if (type === 'Pitch') pitch = table.values[id];
    else if (type === 'Duration' && pitch >= 0) {
      notes.push({ pitch, beats: table.beats[id] });
      pitch = -1;
    }
  }
  return { notes, bars };
}

/** Apply `bias` to the ids `pick` chooses, or mask them (bias -Infinity) unless that would leave nothing to sample. */
export function biasIds(logits: Float32Array, pick: (id: number) => boolean, bias: number): void {
  if (bias === 0) return;
  if (bias === -Infinity) {
    let survivor = false;
    for (let i = 0; i < logits.length && !survivor; i++) survivor = logits[i] !== -Infinity && !pick(i);
    if (!survivor) return; // every allowed token is picked: masking them would break the grammar
  }
  for (let i = 0; i < logits.length; i++) if (logits[i] !== -Infinity && pick(i)) logits[i] += bias;
}
