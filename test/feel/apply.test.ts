import { describe, expect, it } from 'vitest';
import { applyFeel, MAX_SHIFT_BEATS, NO_FEEL, type FeelParams } from '../../src/feel/apply.ts';
import { extractGroove } from '../../src/feel/extract.ts';
import type { TimedNote } from '../../src/feel/safety.ts';
import { seededRng } from '../../src/sampling/rng.ts';

const MIN = 1 / 96;
const note = (start: number, pitch = 60, len = 0.25, velocity = 80): TimedNote => ({ pitch, velocity, start, end: start + len });
/** A seed swung 1.8:1 (offbeats at 9/14 of the beat, quantized to 2/3), downbeats 100, offbeats 60. */
const swungSeed = extractGroove(
  Array.from({ length: 16 }, (_, b) => [
    { start: b, velocity: 100 },
    { start: b + 9 / 14, velocity: 60 },
  ]).flat(),
);
const feel = (over: Partial<FeelParams>): FeelParams => ({ ...NO_FEEL, ...over });

describe('applyFeel: groove', () => {
  it.each([
    ['an offbeat the model kept at 2/3', 2 / 3],
    ['a straight offbeat at 1/2 (moved by the measured swing)', 1 / 2],
  ])('amount 100%% puts %s where the player played it', (_label, at) => {
    const [, off] = applyFeel([note(0), note(at, 62)], feel({ template: swungSeed, amount: 1 }), 4, MIN);
    expect(off.start).toBeCloseTo(9 / 14, 9);
    expect(off.velocity).toBe(Math.round(80 * 0.75));
  });

  it('amount scales the move and the accent; 0% leaves the grid alone', () => {
    const notes = [note(0), note(2 / 3, 62)];
    const half = applyFeel(notes, feel({ template: swungSeed, amount: 0.5 }), 4, MIN);
    expect(half[1].start).toBeCloseTo((2 / 3 + 9 / 14) / 2, 9);
    expect(half[0].velocity).toBe(Math.round(80 * 1.125));
    expect(applyFeel(notes, feel({ template: swungSeed, amount: 0 }), 4, MIN)).toEqual(notes);
  });
});

describe('applyFeel: swing', () => {
  it.each([
    [8, 0.5, 0.66],
    [8, 0.25, 0.25], // 16ths do not move under 8th swing
    [16, 0.25, 0.33],
    [16, 0.75, 0.5 + 0.5 * 0.66],
    [16, 0.5, 0.5],
  ] as const)('swing 66 on %ss moves %s to %s', (grid, from, to) => {
    const [moved] = applyFeel([note(1 + from, 60, 0.1)], feel({ swing: 66, swingGrid: grid }), 4, MIN);
    expect(moved.start).toBeCloseTo(1 + to, 9);
  });
});

describe('applyFeel: humanize', () => {
  const notes = Array.from({ length: 32 }, (_, i) => note(i / 4, 60 + (i % 5), 0.2));
  const h = feel({ humanizeTiming: 20, humanizeVelocity: 10, rngSeed: 42 });

  it('is deterministic per rng seed and differs between seeds', () => {
    const a = applyFeel(notes, h, 8, MIN);
    expect(applyFeel(notes, h, 8, MIN)).toEqual(a);
    expect(applyFeel(notes, { ...h, rngSeed: 43 }, 8, MIN)).not.toEqual(a);
  });

  it('stays within its bounds: 20% of a 16th, 10 velocity steps', () => {
    const out = applyFeel(notes, h, 8, MIN);
    const moves = out.map((n) => n.start - notes.find((m) => m.pitch === n.pitch && Math.abs(m.start - n.start) < 0.06)!.start);
    expect(Math.max(...moves.map(Math.abs))).toBeLessThanOrEqual(0.2 * 0.25 + 1e-12);
    expect(moves.some((m) => Math.abs(m) > 0.001)).toBe(true);
    expect(out.every((n) => Math.abs(n.velocity - 80) <= 10)).toBe(true);
    expect(new Set(out.map((n) => n.velocity)).size).toBeGreaterThan(3);
  });

  it('a note nudged does not depend on which other notes are there (live bars arrive one by one)', () => {
    const all = applyFeel(notes, h, 8, MIN);
    const firstHalf = applyFeel(notes.slice(0, 16), h, 8, MIN);
    expect(all.slice(0, 10)).toEqual(firstHalf.slice(0, 10));
  });
});

describe('applyFeel: the safety pass', () => {
  it.each([
    ['a note at the loop end pushed late is cut at the end', [note(3.75, 60, 0.25)], feel({ humanizeTiming: 50, rngSeed: 3 }), (o: TimedNote[]) => o.every((n) => n.end <= 4)],
    ['a downbeat pulled early never goes before the loop start', [note(0)], feel({ template: { ...swungSeed, slots: swungSeed.slots.map((s, k) => (k === 0 ? { ...s, offset: -0.1 } : s)) }, amount: 1 }), (o: TimedNote[]) => o[0].start === 0],
    ['a same-pitch pair 1/48 apart keeps its order and does not overlap', [note(1, 60, 0.5), note(1 + 1 / 48, 60, 0.5)], feel({ humanizeTiming: 50, rngSeed: 9 }), (o: TimedNote[]) => o.length === 2 && o[0].end <= o[1].start && o[0].start < o[1].start],
  ])('%s', (_label, notes, params, ok) => {
    expect(ok(applyFeel(notes, params, 4, MIN))).toBe(true);
  });

  it('500 random loops under random settings: in the loop, offs after ons, no same-pitch overlap, no note lost but for the end', () => {
    const rng = seededRng(2026);
    const r = () => rng.next();
    for (let trial = 0; trial < 500; trial++) {
      const loopBeats = 4 * (1 + Math.floor(r() * 4));
      const notes = Array.from({ length: 1 + Math.floor(r() * 40) }, () => {
        const start = Math.floor(r() * loopBeats * 12) / 12;
        return note(start, 60 + Math.floor(r() * 4), Math.min(loopBeats - start, 1 / 12 + r()), 1 + Math.floor(r() * 127));
      });
      const params = feel({
        template: r() < 0.5 ? swungSeed : null,
        amount: r(),
        swing: 50 + Math.floor(r() * 26),
        swingGrid: r() < 0.5 ? 8 : 16,
        humanizeTiming: Math.floor(r() * 51),
        humanizeVelocity: Math.floor(r() * 41),
        rngSeed: trial,
      });
      const out = applyFeel(notes, params, loopBeats, MIN);
      for (const n of out) {
        expect(n.start).toBeGreaterThanOrEqual(0);
        expect(n.end).toBeLessThanOrEqual(loopBeats);
        expect(n.end).toBeGreaterThan(n.start);
        expect(n.velocity).toBeGreaterThanOrEqual(1);
        expect(n.velocity).toBeLessThanOrEqual(127);
      }
      for (const pitch of new Set(out.map((n) => n.pitch))) {
        const same = out.filter((n) => n.pitch === pitch);
        for (let i = 1; i < same.length; i++) expect(same[i - 1].end).toBeLessThanOrEqual(same[i].start);
        const gridOrder = notes.filter((n) => n.pitch === pitch).map((n) => n.start);
        expect(same.length).toBeLessThanOrEqual(new Set(gridOrder).size);
      }
      const distinct = new Set(notes.map((n) => `${n.pitch}:${n.start}`)).size;
      const nearEnd = notes.filter((n) => n.start > loopBeats - MAX_SHIFT_BEATS - 1).length;
      expect(out.length).toBeGreaterThanOrEqual(distinct - nearEnd);
    }
  });
});
