// Descriptors against values worked out by hand on tiny hand-made segments (24 ticks per quarter, 4/4).
import { describe, expect, it } from 'vitest';
import { copiedSeedBars, densityRatio, keyAgreement, pitchClassCorrelation } from '../../src/eval/againstSeed.ts';
import { describe as describeSegment, DESCRIPTORS } from '../../src/eval/descriptors.ts';
import { detectKey, KK_MINOR, pitchClassEntropy, pitchRange, scaleConsistency } from '../../src/eval/pitch.ts';
import { emptyBeatRate, grooveConsistency, lateEmptyBarRate, meanDuration, notesPerBar, polyphony } from '../../src/eval/rhythm.ts';
import { makeSegment, repeatSegment } from '../../src/eval/segment.ts';
import { barLineJump, distinctBars, loopWrapGap, loopWrapJump, velocityMean, velocityStd } from '../../src/eval/structure.ts';
import type { Note } from '../../src/types.ts';

const Q = 24; // ticks per quarter = one beat in 4/4
const note = (pitch: number, beat: number, beats = 1, velocity = 80): Note => ({ pitch, start: beat * Q, duration: beats * Q, velocity });
const seg = (notes: Note[], bars: number) => makeSegment(notes, { bars, ticksPerQuarter: Q });

const C_MAJOR = [60, 62, 64, 65, 67, 69, 71, 72];
const scale = seg(C_MAJOR.map((p, i) => note(p, i)), 2); // two bars of quarter notes, C4 up to C5
const oneBar = [note(60, 0), note(64, 1), note(67, 2, 0.5), note(72, 3)];
const repeated = seg(Array.from({ length: 8 }, (_, b) => oneBar.map((n) => ({ ...n, start: n.start + b * 4 * Q }))).flat(), 8);

describe('pitch descriptors', () => {
  it.each([
    ['C major scale', scale, 1],
    ['chromatic scale', seg(Array.from({ length: 12 }, (_, i) => note(60 + i, i / 4)), 1), 7 / 12],
    ['C major triad plus F#', seg([note(60, 0), note(64, 1), note(67, 2), note(66, 3)], 1), 1], // G major holds all four
    ['no notes', seg([], 1), 1],
  ])('scale consistency of %s', (_, s, expected) => expect(scaleConsistency(s)).toBeCloseTo(expected, 12));

  it('pitch-class entropy: the scale has C twice and six other classes once: 2.75 bits', () => {
    // -(2/8 log2 2/8 + 6 * 1/8 log2 1/8) = 0.5 + 2.25
    expect(pitchClassEntropy(scale)).toBeCloseTo(2.75, 12);
    expect(pitchClassEntropy(seg([note(60, 0), note(72, 1)], 1))).toBe(0);
    expect(pitchClassEntropy(seg(Array.from({ length: 12 }, (_, i) => note(60 + i, i / 4)), 1))).toBeCloseTo(Math.log2(12), 12);
  });

  it('pitch range is highest minus lowest', () => {
    expect(pitchRange(scale)).toBe(12);
    expect(pitchRange(seg([], 1))).toBe(0);
  });

  it('Krumhansl-Schmuckler finds C major for the scale and A minor for the minor profile on A', () => {
    expect(detectKey(scale.notes)).toEqual({ tonic: 0, mode: 'major' });
    const aMinor = Array.from({ length: 12 }, (_, pc) => KK_MINOR[(pc - 9 + 12) % 12]);
    expect(detectKey(aMinor)).toEqual({ tonic: 9, mode: 'minor' });
    expect(detectKey([])).toBeNull();
  });
});

describe('rhythm descriptors', () => {
  it('notes per bar and mean duration (beats)', () => {
    expect(notesPerBar(scale)).toBe(4);
    expect(meanDuration(scale)).toBe(1);
    expect(meanDuration(seg([note(60, 0, 2), note(62, 2, 0.5)], 1))).toBe(1.25);
  });

  it('groove consistency: 1 for a repeated rhythm, lower when adjacent bars differ', () => {
    expect(grooveConsistency(repeated)).toBe(1);
    // bar 1 onsets at beats 0,1,2,3; bar 2 only at beat 0: 3 of 48 grid steps differ
    const s = seg([note(60, 0), note(60, 1), note(60, 2), note(60, 3), note(60, 4, 4)], 2);
    expect(grooveConsistency(s)).toBeCloseTo(1 - 3 / 48, 12);
  });

  it('empty-beat rate: one beat-long note in a 4/4 bar leaves 3 of 4 beats empty; a held note fills its beats', () => {
    expect(emptyBeatRate(seg([note(60, 0)], 1))).toBe(0.75);
    expect(emptyBeatRate(seg([note(60, 0, 3)], 1))).toBe(0.25);
    expect(emptyBeatRate(scale)).toBe(0);
  });

  it('polyphony: notes sounding together, over the steps where something sounds', () => {
    expect(polyphony(seg([note(60, 0, 4), note(64, 0, 4), note(67, 0, 4)], 1))).toBe(3);
    // two notes for a beat, then one note for a beat, then silence
    expect(polyphony(seg([note(60, 0), note(64, 0), note(67, 1)], 1))).toBe(1.5);
  });

  it('late-empty-bar rate: bars with no onset in their second half', () => {
    expect(lateEmptyBarRate(seg([note(60, 0), note(62, 1), note(64, 6)], 2))).toBe(0.5);
    expect(lateEmptyBarRate(repeated)).toBe(0);
    expect(lateEmptyBarRate(seg([], 2))).toBe(1);
  });
});

describe('structure and velocity', () => {
  it('a bar repeated 8 times has 1 distinct bar; the scale has 2', () => {
    expect(distinctBars(repeated)).toBe(1);
    expect(distinctBars(scale)).toBe(2);
    expect(distinctBars(seg([note(60, 0), note(60, 4, 0.5)], 2))).toBe(2); // same onset and pitch, other duration
  });

  it('loop-wrap jump: last onset of the last bar back to the first onset of bar 1; bar-line jumps for reference', () => {
    // bar 1: 60 then 64; bar 2: 65 then 67. Wrap: 67 -> 60 = 7; bar line: 64 -> 65 = 1
    const s = seg([note(60, 0), note(64, 2), note(65, 4), note(67, 6)], 2);
    expect(loopWrapJump(s)).toBe(7);
    expect(barLineJump(s)).toBe(1);
    // a chord at the last onset counts by its mean pitch: (64 + 68) / 2 = 66 -> 60
    expect(loopWrapJump(seg([note(60, 0), note(64, 3), note(68, 3)], 1))).toBe(6);
  });

  it('loop-wrap gap: silence after the last note plus before the first, in beats', () => {
    expect(loopWrapGap(seg([note(60, 1, 2)], 1))).toBe(2);
    expect(loopWrapGap(scale)).toBe(0);
    expect(loopWrapGap(seg([], 1))).toBe(4);
  });

  it('velocity mean and population std', () => {
    const s = seg([note(60, 0, 1, 60), note(62, 1, 1, 80)], 1);
    expect(velocityMean(s)).toBe(70);
    expect(velocityStd(s)).toBe(10);
    expect(velocityStd(repeated)).toBe(0);
  });
});

describe('against the seed', () => {
  const seedBar = seg(oneBar, 1);
  it('a loop of the seed bar copies it in every bar, at the same density and key, correlation 1', () => {
    expect(copiedSeedBars(repeated, seedBar)).toBe(1);
    expect(densityRatio(repeated, seedBar)).toBe(1);
    expect(pitchClassCorrelation(repeated, seedBar)).toBeCloseTo(1, 12);
    expect(keyAgreement(repeated, seedBar)).toBe(1);
  });

  it('half the bars copied, 1.5x the density, another key', () => {
    const other = [note(61, 0), note(66, 1), note(70, 2), note(73, 3), note(61, 0.5), note(66, 1.5), note(70, 2.5), note(73, 3.5)];
    const s = seg([...oneBar, ...other.map((n) => ({ ...n, start: n.start + 4 * Q }))], 2);
    expect(copiedSeedBars(s, seedBar)).toBe(0.5);
    expect(densityRatio(s, seedBar)).toBe(1.5); // 12 notes in 2 bars against 4 in 1
    expect(keyAgreement(seg(other, 1), seedBar)).toBe(0);
  });

  it('the seed played twice is its own seed', () => {
    const twice = repeatSegment(scale, 2);
    expect(twice.bars).toBe(4);
    expect(copiedSeedBars(twice, scale)).toBe(1);
    const d = describeSegment(twice, scale);
    expect(Object.keys(d)).toEqual(DESCRIPTORS.map((x) => x.name));
    expect(d.distinctBars).toBe(2);
  });
});
