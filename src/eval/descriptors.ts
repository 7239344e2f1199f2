// The descriptor table: every number `seedloop eval` reports per 8-bar segment, in print order.
import { copiedSeedBars, densityRatio, keyAgreement, pitchClassCorrelation } from './againstSeed.ts';
import { pitchClassEntropy, pitchRange, scaleConsistency } from './pitch.ts';
import { emptyBeatRate, grooveConsistency, lateEmptyBarRate, meanDuration, notesPerBar, polyphony } from './rhythm.ts';
import type { Segment } from './segment.ts';
import { barLineJump, distinctBars, loopWrapGap, loopWrapJump, velocityMean, velocityStd } from './structure.ts';

export interface Descriptor {
  name: string;
  unit: string;
  of(seg: Segment, seed: Segment): number;
}

export const DESCRIPTORS: Descriptor[] = [
  { name: 'pitchClassEntropy', unit: 'bits', of: pitchClassEntropy },
  { name: 'scaleConsistency', unit: 'share', of: scaleConsistency },
  { name: 'grooveConsistency', unit: 'share', of: grooveConsistency },
  { name: 'emptyBeatRate', unit: 'share', of: emptyBeatRate },
  { name: 'polyphony', unit: 'notes', of: polyphony },
  { name: 'pitchRange', unit: 'semitones', of: pitchRange },
  { name: 'notesPerBar', unit: 'notes', of: notesPerBar },
  { name: 'meanDuration', unit: 'beats', of: meanDuration },
  { name: 'velocityMean', unit: 'velocity', of: velocityMean },
  { name: 'velocityStd', unit: 'velocity', of: velocityStd },
  { name: 'distinctBars', unit: 'bars', of: distinctBars },
  { name: 'loopWrapJump', unit: 'semitones', of: loopWrapJump },
  { name: 'barLineJump', unit: 'semitones', of: barLineJump },
  { name: 'loopWrapGap', unit: 'beats', of: loopWrapGap },
  { name: 'lateEmptyBarRate', unit: 'share', of: lateEmptyBarRate },
  { name: 'seedPitchClassCorr', unit: 'r', of: pitchClassCorrelation },
  { name: 'seedKeyAgreement', unit: 'share', of: keyAgreement },
  { name: 'seedDensityRatio', unit: 'ratio', of: densityRatio },
  { name: 'copiedSeedBars', unit: 'share', of: copiedSeedBars },
];

export type Descriptors = Record<string, number>;

export function describe(seg: Segment, seed: Segment): Descriptors {
  return Object.fromEntries(DESCRIPTORS.map((d) => [d.name, d.of(seg, seed)]));
}
