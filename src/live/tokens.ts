// What the live bridge needs from the tokenizer and the generator. The real Tokenizer
// (src/tokenizer) and Generator (src/model) satisfy these structurally; tests may pass doubles.
import type { Score } from '../types.ts';
import type { GenerateEvent, GenerateRequest, GenerateResult } from '../model/types.ts';
import type { LoopNote } from '../loop/variant.ts';
import { TICKS_PER_BEAT } from '../clock/transport.ts';

export interface LiveTokenizer {
  encodeScore(score: Score): number[][];
  decodeIds(seqs: number[][]): Score;
  typeOf(id: number): string;
  specialId(name: 'PAD' | 'BOS' | 'EOS'): number | undefined;
  readonly ticksPerBeatGrid: number; // positions per beat of the grid (12 for the shipped config)
}

export interface LiveGenerator {
  generate(req: GenerateRequest, onEvent?: (e: GenerateEvent) => void): Promise<GenerateResult>;
  cancel(): void;
  close(): void | Promise<void>;
  readonly provider: string;
  readonly manifest?: { name?: string };
}

/** Model input for a captured seed: [BOS] + its bars, padded with empty bars so bar count = `bars`. */
export function seedToIds(tok: LiveTokenizer, seed: Score, bars: number): number[] {
  const ids = tok.encodeScore(seed)[0] ?? [];
  const bos = tok.specialId('BOS');
  const out = bos === undefined ? [...ids] : [bos, ...ids];
  return padBars(tok, out, bars);
}

/** Append empty bars (Bar [+ TimeSig, copied from the first bar]) until `bars` Bar tokens are present. */
export function padBars(tok: LiveTokenizer, ids: number[], bars: number): number[] {
  const barAt = ids.findIndex((id) => tok.typeOf(id) === 'Bar');
  if (barAt < 0) return ids;
  const emptyBar = [ids[barAt]];
  if (tok.typeOf(ids[barAt + 1]) === 'TimeSig') emptyBar.push(ids[barAt + 1]);
  const out = [...ids];
  let count = ids.filter((id) => tok.typeOf(id) === 'Bar').length;
  while (count < bars) {
    out.push(...emptyBar);
    count++;
  }
  return out;
}

/** One generated bar's ids (from its Bar token) -> notes in clock ticks relative to the bar. */
export function barToNotes(tok: LiveTokenizer, ids: number[]): LoopNote[] {
  let score: Score;
  try {
    score = tok.decodeIds([ids]);
  } catch {
    return []; // a garbled bar plays as silence rather than stopping the loop
  }
  const scale = TICKS_PER_BEAT / score.ticksPerQuarter;
  const notes: LoopNote[] = [];
  for (const track of score.tracks) {
    if (track.isDrum) continue;
    for (const n of track.notes) {
      notes.push({
        pitch: n.pitch,
        velocity: n.velocity,
        start: Math.round(n.start * scale),
        duration: Math.max(1, Math.round(n.duration * scale)),
      });
    }
  }
  return notes;
}
