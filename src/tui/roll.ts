// A piano roll squeezed into text: half blocks put two pitches in one row, a few columns per bar.
import type { RollNote } from '../live/types.ts';

export interface RollLayout {
  totalBars: number; // bars drawn, filled or not (the roll keeps the same width for seed and loop)
  beatsPerBar: number;
  colsPerBar: number;
  rows: number; // text rows; each holds two pitch slots
}

export interface RollGrid {
  /** One string per text row, top (high pitch) first; bars are separated and framed by '│'. */
  lines: string[];
  highPitch: number | null; // pitch at the top of the drawn range
  lowPitch: number | null;
  /** True when the notes span more pitches than there are slots, so neighbours share a slot. */
  squeezed: boolean;
}

export const DEFAULT_ROLL: RollLayout = { totalBars: 8, beatsPerBar: 4, colsPerBar: 8, rows: 6 };

const EPS = 1e-6;

/** Columns [first, last] a note covers, or null when it starts past the drawn bars. */
export function noteColumns(note: RollNote, layout: RollLayout): [number, number] | null {
  const colBeats = layout.beatsPerBar / layout.colsPerBar;
  const cols = layout.totalBars * layout.colsPerBar;
  const first = Math.max(0, Math.floor(note.start / colBeats + EPS));
  if (first >= cols) return null;
  const end = Math.ceil((note.start + Math.max(note.duration, 0)) / colBeats - EPS);
  const last = Math.min(cols - 1, Math.max(first, end - 1));
  return [first, last];
}

/** Maps pitches to slots 0..slots-1 (0 = lowest): exact when they fit, proportional when not. */
function pitchSlots(notes: RollNote[], slots: number) {
  const pitches = notes.map((n) => n.pitch);
  const min = Math.min(...pitches);
  const max = Math.max(...pitches);
  const span = max - min + 1;
  if (span <= slots) {
    const low = min - Math.floor((slots - span) / 2);
    return { slotOf: (p: number) => p - low, low, high: low + slots - 1, squeezed: false };
  }
  return { slotOf: (p: number) => Math.floor(((p - min) * slots) / span), low: min, high: max, squeezed: true };
}

export function renderRoll(notes: RollNote[], layout: RollLayout = DEFAULT_ROLL): RollGrid {
  const cols = layout.totalBars * layout.colsPerBar;
  const slots = layout.rows * 2;
  const filled: boolean[][] = Array.from({ length: slots }, () => new Array<boolean>(cols).fill(false));
  const map = notes.length > 0 ? pitchSlots(notes, slots) : null;
  if (map) {
    for (const note of notes) {
      const span = noteColumns(note, layout);
      if (!span) continue;
      const slot = map.slotOf(note.pitch);
      for (let c = span[0]; c <= span[1]; c++) filled[slot][c] = true;
    }
  }
  const lines: string[] = [];
  for (let row = 0; row < layout.rows; row++) {
    const upper = filled[slots - 1 - 2 * row];
    const lower = filled[slots - 2 - 2 * row];
    let line = '│';
    for (let c = 0; c < cols; c++) {
      line += upper[c] ? (lower[c] ? '█' : '▀') : lower[c] ? '▄' : ' ';
      if ((c + 1) % layout.colsPerBar === 0) line += '│';
    }
    lines.push(line);
  }
  return { lines, highPitch: map?.high ?? null, lowPitch: map?.low ?? null, squeezed: map?.squeezed ?? false };
}

const NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

/** MIDI pitch as a name, middle C (60) = C4. */
export function pitchName(pitch: number): string {
  return `${NAMES[((pitch % 12) + 12) % 12]}${Math.floor(pitch / 12) - 1}`;
}
