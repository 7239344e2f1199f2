// Rhythm and texture descriptors: density, duration, groove consistency, empty beats, polyphony, late-empty bars.
import { barNotes, type Segment } from './segment.ts';

export const notesPerBar = (seg: Segment): number => seg.notes.length / seg.bars;

/** Mean note duration in beats of the meter (0 without notes). */
export function meanDuration(seg: Segment): number {
  if (seg.notes.length === 0) return 0;
  return seg.notes.reduce((s, n) => s + n.duration, 0) / seg.notes.length / seg.ticksPerBeat;
}

/** A bar's onset pattern on the grid (1 where some note starts). */
function grooveVector(seg: Segment, b: number): Uint8Array {
  const steps = Math.round(seg.barTicks / seg.gridTicks);
  const v = new Uint8Array(steps);
  for (const n of barNotes(seg, b)) v[Math.min(steps - 1, Math.floor(n.start / seg.gridTicks))] = 1;
  return v;
}

/**
 * Groove consistency (Wu & Yang 2020, Jazz Transformer): 1 minus the mean Hamming distance between the
 * onset patterns of adjacent bars, over the grid size. 1 = every bar has the same rhythm.
 */
export function grooveConsistency(seg: Segment): number {
  if (seg.bars < 2) return 1;
  let sum = 0;
  let prev = grooveVector(seg, 0);
  for (let b = 1; b < seg.bars; b++) {
    const cur = grooveVector(seg, b);
    let d = 0;
    for (let i = 0; i < cur.length; i++) d += cur[i] ^ prev[i];
    sum += d / cur.length;
    prev = cur;
  }
  return 1 - sum / (seg.bars - 1);
}

/** Share of beats in which no note sounds at all (neither starts nor rings). */
export function emptyBeatRate(seg: Segment): number {
  const beats = Math.round((seg.barTicks * seg.bars) / seg.ticksPerBeat);
  const sounding = new Uint8Array(beats);
  for (const n of seg.notes) {
    const first = Math.floor(n.start / seg.ticksPerBeat);
    const last = Math.min(beats - 1, Math.ceil((n.start + n.duration) / seg.ticksPerBeat) - 1);
    for (let b = first; b <= last; b++) sounding[b] = 1;
  }
  return beats === 0 ? 0 : 1 - sounding.reduce((s, x) => s + x, 0) / beats;
}

/** Mean number of notes sounding together, over the grid steps where at least one sounds (0 if none). */
export function polyphony(seg: Segment): number {
  const steps = Math.round((seg.barTicks * seg.bars) / seg.gridTicks);
  const count = new Uint16Array(steps);
  for (const n of seg.notes) {
    const a = Math.floor(n.start / seg.gridTicks);
    const b = Math.min(steps, Math.max(a + 1, Math.ceil((n.start + n.duration) / seg.gridTicks)));
    for (let i = a; i < b; i++) count[i]++;
  }
  let sum = 0;
  let busy = 0;
  for (const c of count) if (c > 0) (sum += c), busy++;
  return busy === 0 ? 0 : sum / busy;
}

/** Share of bars with no onset in their second half (a bar that stops early). */
export function lateEmptyBarRate(seg: Segment): number {
  let late = 0;
  for (let b = 0; b < seg.bars; b++) if (!barNotes(seg, b).some((n) => n.start >= seg.barTicks / 2)) late++;
  return late / seg.bars;
}
