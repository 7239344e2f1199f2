// Seed in, bars out, for the live loop: a captured seed becomes model ids, and each generated bar
// becomes notes in clock ticks. Runs on the generation side (the worker), never in the timing thread.
import { TICKS_PER_BEAT } from '../clock/meter.ts';
import type { LoopNote } from '../loop/variant.ts';
import type { Score } from '../types.ts';
import { barIds, type BarTokenizer } from './barIds.ts';

/**
 * What the loop codec needs from a tokenizer; the real Tokenizer (src/tokenizer) fits, tests may pass a toy.
 * Ids are the model's: learned ids for a trained (BPE) tokenizer (barIds.ts reads bars and base ids from them).
 */
export interface LoopTokenizer extends BarTokenizer {
  encodeScore(score: Score): number[][];
  decodeIds(seqs: number[][]): Score;
  tokenId(token: string): number | undefined;
  specialId(name: 'PAD' | 'BOS' | 'EOS'): number | undefined;
  readonly ticksPerBeatGrid: number; // positions per beat of the grid (12 for the shipped config)
}

/** Split base ids at each Bar token; anything before the first Bar is dropped (model ids: barIds(tok).split). */
export function splitBars(ids: number[], barId: number): number[][] {
  const bars: number[][] = [];
  for (const id of ids) {
    if (id === barId) bars.push([id]);
    else bars.at(-1)?.push(id);
  }
  return bars;
}

/** [BOS] + ids: the model's input for a sequence of bars. */
export function withBos(tok: LoopTokenizer, ids: readonly number[]): number[] {
  const bos = tok.specialId('BOS');
  return bos === undefined ? [...ids] : [bos, ...ids];
}

/** Model input for a captured seed: [BOS] + its bars, padded with empty bars so bar count = `bars`. */
export function seedToIds(tok: LoopTokenizer, seed: Score, bars: number): number[] {
  return padBars(tok, withBos(tok, tok.encodeScore(seed)[0] ?? []), bars);
}

/** Append empty bars (Bar [+ TimeSig, copied from the first bar]) until `bars` bars are present. */
export function padBars(tok: LoopTokenizer, ids: number[], bars: number): number[] {
  const b = barIds(tok);
  const first = b.split(ids)[0];
  if (!first) return ids;
  const head = b.base(first);
  const emptyBar = b.encode([head.length > 1 && b.baseType(head[1]) === 'TimeSig' ? head.slice(0, 2) : head.slice(0, 1)]);
  const out = [...ids];
  for (let count = ids.filter(b.startsBar).length; count < bars; count++) out.push(...emptyBar);
  return out;
}

/** One generated bar's ids (from its Bar token) -> notes in clock ticks relative to the bar. */
export function barToNotes(tok: LoopTokenizer, ids: number[]): LoopNote[] {
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
