// Pitch descriptors: pitch-class entropy, scale consistency, range, and the Krumhansl-Schmuckler key.
import type { Note } from '../types.ts';
import type { Segment } from './segment.ts';

/** Note counts per pitch class (C = 0), or weighted by duration. */
export function pitchClassHistogram(notes: Note[], weight: 'count' | 'duration' = 'count'): number[] {
  const h = new Array(12).fill(0);
  for (const n of notes) h[n.pitch % 12] += weight === 'count' ? 1 : n.duration;
  return h;
}

/** Shannon entropy (bits) of the pitch-class distribution: 0 for one pitch class, log2(12) = 3.58 for all equal. */
export function pitchClassEntropy(seg: Segment): number {
  const h = pitchClassHistogram(seg.notes);
  const total = h.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let e = 0;
  for (const c of h) if (c > 0) e -= (c / total) * Math.log2(c / total);
  return e;
}

const MAJOR_STEPS = [0, 2, 4, 5, 7, 9, 11];

/** Pitch classes of the major (Ionian) scale on `tonic`; a natural minor scale is its relative major's set. */
export function majorScale(tonic: number): Set<number> {
  return new Set(MAJOR_STEPS.map((s) => (tonic + s) % 12));
}

/** Largest share of notes that fit one diatonic scale (Mogren 2016): 1 when every note is in one key. */
export function scaleConsistency(seg: Segment): number {
  if (seg.notes.length === 0) return 1;
  const h = pitchClassHistogram(seg.notes);
  let best = 0;
  for (let t = 0; t < 12; t++) {
    const scale = majorScale(t);
    best = Math.max(best, h.reduce((sum, c, pc) => sum + (scale.has(pc) ? c : 0), 0));
  }
  return best / seg.notes.length;
}

/** Highest minus lowest pitch, in semitones (0 without notes). */
export function pitchRange(seg: Segment): number {
  if (seg.notes.length === 0) return 0;
  const ps = seg.notes.map((n) => n.pitch);
  return Math.max(...ps) - Math.min(...ps);
}

// Krumhansl & Kessler (1982) probe-tone profiles, tonic first.
export const KK_MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
export const KK_MINOR = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

/** Pearson correlation; 0 when either side is constant. */
export function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

export interface Key {
  tonic: number; // pitch class, C = 0
  mode: 'major' | 'minor';
}

export const keyName = (k: Key): string => `${['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'][k.tonic]} ${k.mode}`;

/**
 * Krumhansl-Schmuckler: the key whose profile correlates best with the duration-weighted pitch-class
 * histogram; null when there are no notes. Ties go to the first key in C..B, major before minor.
 */
export function detectKey(notesOrHistogram: Note[] | number[]): Key | null {
  const h = typeof notesOrHistogram[0] === 'number' || notesOrHistogram.length === 0
    ? (notesOrHistogram as number[])
    : pitchClassHistogram(notesOrHistogram as Note[], 'duration');
  if (h.length === 0 || h.every((x) => x === 0)) return null;
  let best: Key = { tonic: 0, mode: 'major' };
  let bestR = -Infinity;
  for (let t = 0; t < 12; t++) {
    for (const mode of ['major', 'minor'] as const) {
      const profile = mode === 'major' ? KK_MAJOR : KK_MINOR;
      const rotated = h.map((_, pc) => profile[(pc - t + 12) % 12]);
      const r = pearson(h, rotated);
      if (r > bestR + 1e-12) {
        bestR = r;
        best = { tonic: t, mode };
      }
    }
  }
  return best;
}
