import { describe, expect, it } from 'vitest';
import { extractGroove, type PlayedNote } from '../../src/feel/extract.ts';
import { describe as describeTemplate, resolve } from '../../src/feel/template.ts';

/** Bars of 4 beats; `at(beat)` gives the notes of one beat. A small deterministic wobble keeps it human. */
function perform(bars: number, at: (beat: number) => PlayedNote[]): PlayedNote[] {
  return Array.from({ length: bars * 4 }, (_, b) => at(b)).flat();
}
const wobble = (i: number, size: number) => size * Math.sin(i * 12.9898); // mean ~0 over many beats

describe('extractGroove', () => {
  it('8ths swung 2:1 give a swing ratio of 2.0 +- 0.05', () => {
    const notes = perform(4, (b) => [
      { start: b + wobble(b, 0.01), velocity: 90 },
      { start: b + 2 / 3 + wobble(b + 100, 0.01), velocity: 70 },
    ]);
    const t = extractGroove(notes);
    expect(t.swing8.ratio).toBeGreaterThan(1.95);
    expect(t.swing8.ratio).toBeLessThan(2.05);
    expect(t.swing8.count).toBe(16);
    expect(t.swing16.count).toBe(0); // no 16ths played: 16ths stay straight
  });

  it.each([
    [1.5, 0.6],
    [1.8, 9 / 14],
    [3, 0.75 - 0.05], // 0.7 is the most the 8th zone takes: a 2.33:1 swing
  ])('measures a %s-ish swing where the offbeat sits at %s of the beat', (_label, phase) => {
    const t = extractGroove(perform(2, (b) => [{ start: b, velocity: 80 }, { start: b + phase, velocity: 80 }]));
    expect(t.swing8.ratio).toBeCloseTo(phase / (1 - phase), 6);
  });

  it('offbeats pushed 10 ms ahead at 100 bpm give -10 ms at the & position', () => {
    const msPerBeat = 600;
    const push = 10 / msPerBeat;
    const t = extractGroove(perform(4, (b) => [{ start: b, velocity: 80 }, { start: b + 0.5 - push, velocity: 80 }]));
    expect(t.slots[6].offset * msPerBeat).toBeCloseTo(-10, 6);
    expect(t.slots[0].offset).toBe(0);
    expect(t.slots[6].spread).toBeCloseTo(0, 9);
    expect(describeTemplate(t, 100)).toContain('&-10');
  });

  it('a quantized seed gives a straight template', () => {
    const grid = [0, 0.25, 1 / 3, 0.5, 2 / 3, 0.75];
    const t = extractGroove(perform(4, (b) => grid.map((g) => ({ start: b + g, velocity: 80 }))));
    const r = resolve(t);
    expect(r.offset.every((x) => x === 0)).toBe(true);
    expect(t.slots.every((s) => s.spread === 0)).toBe(true);
    expect(r.accent.every((a) => a === 1)).toBe(true);
    // every beat has 1/3 and 2/3: triplets, not swing; the 16ths at 1/4 are straight
    expect(t.swing8.count).toBe(0);
  });

  it('a sequenced straight-8ths seed measures swing 1:1', () => {
    const t = extractGroove(perform(2, (b) => [{ start: b, velocity: 80 }, { start: b + 0.5, velocity: 80 }]));
    expect(t.swing8).toEqual({ ratio: 1, count: 8 });
  });

  it('16ths swung 2:1 give a 16th ratio of 2 and straight 8ths', () => {
    const t = extractGroove(
      perform(2, (b) => [0, 1 / 3, 0.5, 5 / 6].map((g) => ({ start: b + g, velocity: 80 }))),
    );
    expect(t.swing16.ratio).toBeCloseTo(2, 6);
    expect(t.swing8.ratio).toBeCloseTo(1, 6);
  });

  it('accents: velocity per position relative to the seed mean', () => {
    const t = extractGroove(perform(2, (b) => [{ start: b, velocity: 100 }, { start: b + 0.5, velocity: 60 }]));
    expect(t.slots[0].accent).toBeCloseTo(1.25, 9);
    expect(t.slots[6].accent).toBeCloseTo(0.75, 9);
  });

  it('a downbeat played early belongs to the next beat, with a negative offset', () => {
    const t = extractGroove([{ start: 0.98, velocity: 80 }, { start: 1.98, velocity: 80 }]);
    expect(t.slots[0].count).toBe(2);
    expect(t.slots[0].offset).toBeCloseTo(-0.02, 9);
  });

  it('few notes: one sample is not enough, the position falls back to its neighbours or straight', () => {
    const t = extractGroove([
      { start: 0, velocity: 80 },
      { start: 0.55, velocity: 80 }, // a lone offbeat: no swing estimate from one note
      { start: 1.27, velocity: 80 },
      { start: 2.27, velocity: 80 }, // slot 3 (1/4) measured twice: +0.02
    ]);
    expect(t.swing8.count).toBe(1);
    const r = resolve(t);
    expect(r.offset[6]).toBe(0); // unmeasured, neighbours 5 and 7 unmeasured: straight
    expect(r.offset[3]).toBeCloseTo(0.02, 9);
    expect(r.offset[2]).toBeCloseTo(0.02, 9); // borrows from its measured neighbour
  });

  it('no notes at all: straight', () => {
    const t = extractGroove([]);
    expect(resolve(t).offset.every((x) => x === 0)).toBe(true);
    expect(t.swing8.ratio).toBe(1);
  });
});
