// Pitch descriptors: pitch-class entropy, scale consistency, range, and the Krumhansl-Schmuckler key.
import { pitchClassHistogram } from './keyProfile.ts';
import type { Segment } from './segment.ts';

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

export { detectKey, KK_MAJOR, KK_MINOR, type Key, keyName, pearson, pitchClassHistogram } from './keyProfile.ts';
