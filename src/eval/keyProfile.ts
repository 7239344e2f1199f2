// Krumhansl-Schmuckler key finding, with no dependency on segments or the tokenizer (the key-lock sampler,
// which runs beside the live engine, uses it too).
import type { Note } from '../types.ts';

/** Note counts per pitch class (C = 0), or weighted by duration. */
export function pitchClassHistogram(notes: Note[], weight: 'count' | 'duration' = 'count'): number[] {
  const h = new Array(12).fill(0);
  for (const n of notes) h[n.pitch % 12] += weight === 'count' ? 1 : n.duration;
  return h;
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
