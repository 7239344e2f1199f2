// Descriptors of a continuation against its seed: pitch-class correlation, key agreement, density, copied bars.
import { detectKey, pearson, pitchClassHistogram } from './pitch.ts';
import { notesPerBar } from './rhythm.ts';
import { barKey, type Segment } from './segment.ts';

/** Pearson correlation of the two pitch-class histograms (note counts). */
export function pitchClassCorrelation(seg: Segment, seed: Segment): number {
  return pearson(pitchClassHistogram(seg.notes), pitchClassHistogram(seed.notes));
}

/** 1 when the Krumhansl-Schmuckler key of the segment is the seed's, else 0. */
export function keyAgreement(seg: Segment, seed: Segment): number {
  const a = detectKey(seg.notes);
  const b = detectKey(seed.notes);
  return a !== null && b !== null && a.tonic === b.tonic && a.mode === b.mode ? 1 : 0;
}

/** Notes per bar of the segment over those of the seed (0 for an empty seed). */
export function densityRatio(seg: Segment, seed: Segment): number {
  const s = notesPerBar(seed);
  return s === 0 ? 0 : notesPerBar(seg) / s;
}

/** Share of the segment's non-empty bars that are exact copies of some seed bar. */
export function copiedSeedBars(seg: Segment, seed: Segment): number {
  const seedBars = new Set(Array.from({ length: seed.bars }, (_, b) => barKey(seed, b)));
  let copied = 0;
  for (let b = 0; b < seg.bars; b++) {
    const k = barKey(seg, b);
    if (k !== '' && seedBars.has(k)) copied++;
  }
  return copied / seg.bars;
}
