// Held-out pieces for eval: seed = the first 4 bars from the first note on, human reference = the 8 bars
// after it. Pieces too short, with a meter change in those bars, or unreadable are skipped and counted.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { UserError } from '../errors.ts';
import { readMidi } from '../midi/file.ts';
import { splitBars } from '../model/loopCodec.ts';
import { mergeToSingleTrack, type Tokenizer } from '../tokenizer/index.ts';
import { type Segment, segmentFromBars } from './segment.ts';

export const SEED_BARS = 4;
export const LOOP_BARS = 8;

export interface Piece {
  file: string; // relative to the folder
  seedBars: number[][]; // REMI bars, each from its Bar token on
  humanBars: number[][];
  bpm: number;
  meter: string; // e.g. "4/4"
}

export type SkipReason = 'tooShort' | 'meterChange' | 'unreadable';

/** Every .mid / .midi under `dir`, sorted, so the first n pieces are the same on every machine. */
export async function midiFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => {
    throw new UserError(`--midi ${dir}: not a readable folder`);
  });
  return entries.filter((f) => /\.midi?$/i.test(f)).map((f) => join(dir, f)).sort();
}

/** Cut one file into seed and human bars, or say why it cannot be used. */
export function cutPiece(bytes: Uint8Array, tok: Tokenizer, file: string): Piece | SkipReason {
  if (tok.isTrained) throw new UserError('seedloop eval needs a tokenizer without BPE (it reads bars from base ids)');
  let score;
  let ids: number[];
  try {
    score = readMidi(bytes);
    ids = tok.encodeScore(mergeToSingleTrack(score))[0] ?? [];
  } catch {
    return 'unreadable';
  }
  const barId = tok.tokenId('Bar_None')!;
  const bars = splitBars(ids, barId);
  const first = bars.findIndex((b) => tok.idsToTokens(b).some((t) => t.startsWith('Pitch_')));
  if (first < 0 || bars.length < first + SEED_BARS + LOOP_BARS) return 'tooShort';
  const used = bars.slice(first, first + SEED_BARS + LOOP_BARS);
  const meters = new Set(used.map((b) => tok.idsToTokens(b).find((t) => t.startsWith('TimeSig_')) ?? 'TimeSig_4/4'));
  if (meters.size > 1) return 'meterChange';
  const tempos = [...score.tempos].sort((a, b) => a.tick - b.tick);
  return {
    file,
    seedBars: used.slice(0, SEED_BARS),
    humanBars: used.slice(SEED_BARS),
    bpm: tempos[0]?.bpm ?? 120,
    meter: [...meters][0].slice(8),
  };
}

/** The first `n` usable pieces of `dir`, with skip counts. */
export async function loadPieces(dir: string, tok: Tokenizer, n: number) {
  const pieces: Piece[] = [];
  const skipped: Record<SkipReason, number> = { tooShort: 0, meterChange: 0, unreadable: 0 };
  for (const path of await midiFiles(dir)) {
    if (pieces.length >= n) break;
    const bytes = await readFile(path).catch(() => null);
    const p = bytes ? cutPiece(bytes, tok, relative(dir, path)) : 'unreadable';
    if (typeof p === 'string') skipped[p]++;
    else pieces.push(p);
  }
  return { pieces, skipped };
}

/**
 * Seed and continuation as segments, decoded as one sequence (a generated bar may leave out its TimeSig
 * token; decoding after the seed keeps it in the seed's meter), then cut at the seed's end.
 */
export function seedAndContinuation(tok: Tokenizer, seedBars: number[][], contBars: number[][]): { seed: Segment; cont: Segment } {
  const whole = segmentFromBars(tok, [...seedBars, ...contBars]);
  const cut = whole.barTicks * seedBars.length;
  const seed = { ...whole, bars: seedBars.length, notes: whole.notes.filter((n) => n.start < cut).map((n) => ({ ...n, duration: Math.min(n.duration, cut - n.start) })) };
  const cont = { ...whole, bars: contBars.length, notes: whole.notes.filter((n) => n.start >= cut).map((n) => ({ ...n, start: n.start - cut })) };
  return { seed, cont };
}
