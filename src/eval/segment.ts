// A segment: N bars of one pitched track, as the descriptors see it. Seed, loop and human reference all
// go through the same tokenizer (decode of REMI bars), so quantization never tells them apart.
import type { Tokenizer } from '../tokenizer/index.ts';
import type { Note } from '../types.ts';

export interface Segment {
  notes: Note[]; // start is relative to the segment start; sorted by start, then pitch
  ticksPerQuarter: number;
  ticksPerBeat: number; // one beat of the meter (a denominator note)
  barTicks: number;
  bars: number;
  gridTicks: number; // one grid step (the tokenizer's finest position)
}

/** A segment from hand-made notes (tests) or decoded ones; notes ringing past the end are shortened. */
export function makeSegment(notes: Note[], o: { bars: number; ticksPerQuarter: number; meter?: [number, number]; gridPerBeat?: number }): Segment {
  const [num, den] = o.meter ?? [4, 4];
  const ticksPerBeat = (o.ticksPerQuarter * 4) / den;
  const barTicks = num * ticksPerBeat;
  const end = barTicks * o.bars;
  const kept = notes
    .filter((n) => n.start >= 0 && n.start < end)
    .map((n) => ({ ...n, duration: Math.max(1, Math.min(n.duration, end - n.start)) }))
    .sort((a, b) => a.start - b.start || a.pitch - b.pitch);
  const gridTicks = ticksPerBeat / (o.gridPerBeat ?? 12);
  return { notes: kept, ticksPerQuarter: o.ticksPerQuarter, ticksPerBeat, barTicks, bars: o.bars, gridTicks };
}

/** Meter of a REMI bar from its TimeSig token (4/4 when it has none). */
export function meterOfBar(bar: number[], tok: Tokenizer): [number, number] {
  const ts = tok.idsToTokens(bar).find((t) => t.startsWith('TimeSig_'));
  return (ts ? ts.slice(8).split('/').map(Number) : [4, 4]) as [number, number];
}

/** Decode REMI bars (each starting with its Bar token) into a segment of exactly that many bars. */
export function segmentFromBars(tok: Tokenizer, bars: number[][]): Segment {
  const score = tok.decodeIds([bars.flat()]);
  const notes = score.tracks.flatMap((t) => t.notes);
  return makeSegment(notes, {
    bars: bars.length,
    ticksPerQuarter: score.ticksPerQuarter,
    meter: meterOfBar(bars[0] ?? [], tok),
    gridPerBeat: tok.ticksPerBeatGrid,
  });
}

/** The notes starting in bar `b` (0-based), with start relative to that bar. */
export function barNotes(seg: Segment, b: number): Note[] {
  const from = b * seg.barTicks;
  return seg.notes.filter((n) => n.start >= from && n.start < from + seg.barTicks).map((n) => ({ ...n, start: n.start - from }));
}

/** A bar's content as a string: onset, pitch and duration of each note (velocity left out). */
export function barKey(seg: Segment, b: number): string {
  return barNotes(seg, b)
    .map((n) => `${n.start}:${n.pitch}:${n.duration}`)
    .join(',');
}

/** The segment played `times` times in a row (the "seed played twice" baseline). */
export function repeatSegment(seg: Segment, times: number): Segment {
  const span = seg.barTicks * seg.bars;
  const notes = Array.from({ length: times }, (_, k) => seg.notes.map((n) => ({ ...n, start: n.start + k * span }))).flat();
  return { ...seg, notes, bars: seg.bars * times };
}
