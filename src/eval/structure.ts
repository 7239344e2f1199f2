// Structure descriptors: distinct bars, and how the loop joins end to start (pitch jump, silent gap).
import type { Note } from '../types.ts';
import { barKey, barNotes, type Segment } from './segment.ts';

/** How many different bars (onset, pitch and duration of every note) the segment has. */
export function distinctBars(seg: Segment): number {
  return new Set(Array.from({ length: seg.bars }, (_, b) => barKey(seg, b))).size;
}

const meanPitch = (ns: Note[]) => ns.reduce((s, n) => s + n.pitch, 0) / ns.length;
/** Mean pitch of the notes at a bar's first / last onset, or null in an empty bar. */
function firstPitch(ns: Note[]): number | null {
  return ns.length ? meanPitch(ns.filter((n) => n.start === ns[0].start)) : null;
}
function lastPitch(ns: Note[]): number | null {
  const t = Math.max(...ns.map((n) => n.start));
  return ns.length ? meanPitch(ns.filter((n) => n.start === t)) : null;
}

/** Pitch jump (semitones) between the last onset of bar a and the first onset of bar b; null if either is empty. */
function jump(seg: Segment, a: number, b: number): number | null {
  const p = lastPitch(barNotes(seg, a));
  const q = firstPitch(barNotes(seg, b));
  return p === null || q === null ? null : Math.abs(q - p);
}

/** The jump across the loop line: from the last bar's last onset back to the first bar's first onset. */
export function loopWrapJump(seg: Segment): number {
  return jump(seg, seg.bars - 1, 0) ?? 0;
}

/** Mean jump across the segment's own bar lines (bar b to b+1), the reference for the wrap jump. */
export function barLineJump(seg: Segment): number {
  const js: number[] = [];
  for (let b = 0; b + 1 < seg.bars; b++) {
    const j = jump(seg, b, b + 1);
    if (j !== null) js.push(j);
  }
  return js.length ? js.reduce((s, x) => s + x, 0) / js.length : 0;
}

/** Silence across the loop line, in beats: from the last note's end to the end, plus the start to the first onset. */
export function loopWrapGap(seg: Segment): number {
  const span = seg.barTicks * seg.bars;
  if (seg.notes.length === 0) return span / seg.ticksPerBeat;
  const lastEnd = Math.max(...seg.notes.map((n) => n.start + n.duration));
  return (span - Math.min(span, lastEnd) + seg.notes[0].start) / seg.ticksPerBeat;
}

export function velocityMean(seg: Segment): number {
  return seg.notes.length ? seg.notes.reduce((s, n) => s + n.velocity, 0) / seg.notes.length : 0;
}

/** Population standard deviation of the velocities (0 = every note equally loud). */
export function velocityStd(seg: Segment): number {
  const m = velocityMean(seg);
  return seg.notes.length ? Math.sqrt(seg.notes.reduce((s, n) => s + (n.velocity - m) ** 2, 0) / seg.notes.length) : 0;
}
