// Seed in, loop out: pick the seed's last bars as model input, and turn generated ids into a Score that
// is exactly N bars long (notes that ring past the loop end are shortened, never left hanging).
import { UserError } from '../errors.ts';
import { mergeToSingleTrack, type Tokenizer } from '../tokenizer/index.ts';
import type { Note, Score, TimeSignature } from '../types.ts';
import { barIds } from './barIds.ts';


/** Ticks in one bar (model ids) of the bar's TimeSig token (4/4 when it has none). */
export function barTicks(bar: number[], tok: Tokenizer, ticksPerQuarter: number): number {
  const [num, den] = meterOf(bar, tok);
  return (num * ticksPerQuarter * 4) / den;
}

export interface Seed {
  ids: number[]; // BOS + the seed's last bars (model ids: learned ids for a BPE tokenizer)
  bars: number[][];
  bpm: number;
  meter: [number, number];
}

/** Tokenize a seed Score (tracks merged, drums dropped) and keep its last `seedBars` bars. */
export function seedFromScore(score: Score, tok: Tokenizer, seedBars: number, where: string): Seed {
  const ids = tok.encodeScore(mergeToSingleTrack(score))[0] ?? [];
  const b = barIds(tok);
  const all = b.split(ids);
  while (all.length && b.base(all.at(-1)!).length <= 2) all.pop(); // trailing empty bars (Bar, TimeSig) carry nothing
  if (all.length === 0) throw new UserError(`${where}: no notes to continue (drums are ignored)`);
  const bars = all.slice(-seedBars);
  const bos = tok.specialId('BOS');
  const meter = meterOf(bars.at(-1)!, tok);
  const tempos = [...score.tempos].sort((a, b) => a.tick - b.tick);
  return { ids: [...(bos === undefined ? [] : [bos]), ...bars.flat()], bars, bpm: tempos.at(-1)?.bpm ?? 120, meter };
}

function clip(notes: Note[], from: number, to: number, shift: number): Note[] {
  return notes
    .filter((n) => n.start >= from && n.start < to)
    .map((n) => ({ ...n, start: n.start - shift, duration: Math.max(1, Math.min(n.duration, to - n.start)) }));
}

function meterOf(bar: number[], tok: Tokenizer): [number, number] {
  const ts = barIds(tok).base(bar).map((id) => tok.vocab[id]).find((t) => t.startsWith('TimeSig_'));
  return (ts ? ts.slice(8).split('/').map(Number) : [4, 4]) as [number, number];
}

/** Time-signature events for consecutive bars, one per change. */
function meterChanges(bars: number[][], tok: Tokenizer, tpq: number): TimeSignature[] {
  const out: TimeSignature[] = [];
  let tick = 0;
  for (const bar of bars) {
    const [numerator, denominator] = meterOf(bar, tok);
    const prev = out.at(-1);
    if (!prev || prev.numerator !== numerator || prev.denominator !== denominator) out.push({ tick, numerator, denominator });
    tick += barTicks(bar, tok, tpq);
  }
  return out;
}

export interface LoopScore {
  score: Score;
  loopStart: number; // ticks: where the loop begins (0 without the seed track)
  loopEnd: number; // ticks: exactly N bars after loopStart
}

/**
 * The loop as a Score at the seed's tempo and meter: one track 'loop', exactly N bars long.
 * With `withSeed`, the seed's bars come first on a track 'seed' and the loop follows them.
 */
export function loopToScore(tok: Tokenizer, seed: Seed, loopIds: number[], withSeed: boolean): LoopScore {
  const tpq = tok.ticksPerQuarter;
  const loopBars = barIds(tok).split(loopIds);
  const seedTicks = seed.bars.reduce((sum, bar) => sum + barTicks(bar, tok, tpq), 0);
  const loopTicks = loopBars.reduce((sum, bar) => sum + barTicks(bar, tok, tpq), 0);
  // Decode seed + loop as one sequence so both share one timeline; then cut at the seed/loop line.
  const decoded = tok.decodeIds([[...seed.bars.flat(), ...loopIds]]);
  const notes = decoded.tracks.flatMap((t) => t.notes).sort((a, b) => a.start - b.start || a.pitch - b.pitch);
  const scale = tpq / decoded.ticksPerQuarter;
  const scaled = notes.map((n) => ({ ...n, start: n.start * scale, duration: n.duration * scale }));
  const offset = withSeed ? 0 : seedTicks;
  const tracks = [
    ...(withSeed ? [{ program: 0, isDrum: false, name: 'seed', notes: clip(scaled, 0, seedTicks, 0) }] : []),
    { program: 0, isDrum: false, name: 'loop', notes: clip(scaled, seedTicks, seedTicks + loopTicks, offset) },
  ];
  const score: Score = {
    ticksPerQuarter: tpq,
    tempos: [{ tick: 0, bpm: seed.bpm }],
    timeSignatures: meterChanges(withSeed ? [...seed.bars, ...loopBars] : loopBars, tok, tpq),
    tracks,
  };
  return { score, loopStart: seedTicks - offset, loopEnd: seedTicks - offset + loopTicks };
}
