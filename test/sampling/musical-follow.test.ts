// The seed-following musical samplers (tonal pull, pitch-class and velocity follow, wrap pull): small
// tables of what each does to one step's logits, then their effect on whole loops drawn from random logits
// with a fixed seed and rng seeds (the grammar + exact-bars property for random settings is in musical.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { segmentFromBars } from '../../src/eval/segment.ts';
import { seedKey } from '../../src/sampling/musical/key.ts';
import { Tokenizer } from '../../src/tokenizer/index.ts';
import { detectKey, KK_MAJOR, KK_MINOR, pearson } from '../../src/eval/keyProfile.ts';
import { candidatesOf } from '../../src/sampling/candidates.ts';
import { followPitchClasses, followVelocities } from '../../src/sampling/musical/follow.ts';
import type { MusicalSettings } from '../../src/sampling/musical/settings.ts';
import { tonal } from '../../src/sampling/musical/tonal.ts';
import { wrap } from '../../src/sampling/musical/wrap.ts';
import type { Sampler } from '../../src/sampling/samplers.ts';
import { id, pitches, sampleLoop, SEED, SEED_PITCHES, seedOf, table, TS44, velocities, vocab } from './musicalSeed.ts';

const step = (s: Sampler, tokens: string[]) => {
  const logits = new Float32Array(vocab.length);
  s.apply(candidatesOf(logits));
  return tokens.map((t) => logits[id(t)]);
};
/** What the loop sampler's prime does: show the seed, then feed its tokens through accept. */
const prime = (s: Sampler, seed: number[]) => {
  s.seed!(seed);
  for (const t of seed) s.accept?.(t);
};
const note = (pos: number, pitch: number, vel = 63) => [`Position_${pos}`, `Pitch_${pitch}`, `Velocity_${vel}`, 'Duration_1.0.6'].map(id);
const pcCounts = (ps: number[]) => ps.reduce((h, p) => (h[p % 12]++, h), new Array(12).fill(0));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** A seed with varied velocities: 47, 63, 79, 95 on the four beats of each bar. */
const VARIED = seedOf([[57, 60, 64, 69], [62, 65, 69, 74], [64, 68, 71, 64], [57, 60, 64, 69]], Array(4).fill([47, 63, 79, 95]));

describe('one step (tables)', () => {
  it("tonal pull: strength x ln(Krumhansl-Kessler profile / the tonic's), on C major's C, G, E, C#", () => {
    const t = tonal(table, 'C major', 2);
    const expected = [0, 7, 4, 1].map((k) => 2 * Math.log(KK_MAJOR[k] / KK_MAJOR[0]));
    step(t, ['Pitch_60', 'Pitch_67', 'Pitch_64', 'Pitch_61']).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    expect(step(t, ['Bar_None', 'Position_0', 'Velocity_63'])).toEqual([0, 0, 0]); // only pitches
  });

  it("tonal pull 'auto' takes the seed's key (A minor): A free, E (fifth) and C (third) next, Bb least", () => {
    const t = tonal(table, 'auto', 1);
    prime(t, SEED);
    expect(t.key()).toEqual({ tonic: 9, mode: 'minor' });
    const [a, e, c, bb] = step(t, ['Pitch_69', 'Pitch_64', 'Pitch_60', 'Pitch_70']);
    expect(a).toBe(0);
    expect(e).toBeCloseTo(Math.log(KK_MINOR[7] / KK_MINOR[0]), 5);
    expect(c).toBeCloseTo(Math.log(KK_MINOR[3] / KK_MINOR[0]), 5);
    expect(bb).toBeLessThan(Math.min(e, c));
  });

  it('pitch-class follow: no bias at first; after 8 loop notes all on A, A is pushed down and the seed\'s other classes up', () => {
    const f = followPitchClasses(table, 1);
    prime(f, SEED);
    expect(f.biases()!.every((b) => b === 0)).toBe(true);
    for (let k = 0; k < 8; k++) for (const t of note(0, 69)) f.accept!(t);
    const [a, e, cs] = step(f, ['Pitch_69', 'Pitch_64', 'Pitch_61']);
    // seed: 16 notes, A 5, E 4, C# none. Loop share with the 8-note prior: A (8 + 2.5) / 16, E 2 / 16
    expect(a).toBeCloseTo(Math.log(5 / 16 / (10.5 / 16)), 5);
    expect(e).toBeCloseTo(Math.log(4 / 16 / (2 / 16)), 5);
    expect(cs).toBe(0); // never in the seed, never played: left alone
  });

  it('velocity follow: a seed at one velocity gives no bias; a varied one pushes the overused velocity down', () => {
    const flat = followVelocities(table, 1);
    prime(flat, SEED);
    expect(flat.biases()).toBeNull();
    const f = followVelocities(table, 2);
    prime(f, VARIED);
    for (let k = 0; k < 8; k++) for (const t of note(0, 69, 79)) f.accept!(t);
    const [v47, v79, v111] = step(f, ['Velocity_47', 'Velocity_79', 'Velocity_111']);
    // velocities start from a 2-note prior (pitch classes from 8): after 8 notes at 79, 47's share is 0.5 / 10
    expect(v47).toBeCloseTo(2 * Math.log(0.25 / (0.5 / 10)), 5);
    expect(v79).toBeCloseTo(2 * Math.log(0.25 / (8.5 / 10)), 5);
    expect(v111).toBe(0);
  });

  it("wrap pull: nothing before the last bar; in it, pitches far from the loop's opening go down, more near the end", () => {
    const w = wrap(table, 2, 4);
    prime(w, SEED);
    for (const t of [table.barId, TS44, ...note(0, 60), ...note(0, 64), ...note(12, 79)]) w.accept!(t);
    expect(w.opening()).toEqual([60, 64]);
    expect(step(w, ['Pitch_84'])).toEqual([0]); // bar 1 of 2
    for (const t of [table.barId, TS44, id('Position_0')]) w.accept!(t);
    const early = step(w, ['Pitch_62', 'Pitch_76', 'Pitch_100']);
    expect(early[0]).toBeCloseTo((-4 * (1 / 48) ** 2 * 2) / 12, 6); // 2 semitones from 60 and 64
    w.accept!(id('Position_47'));
    const late = step(w, ['Pitch_64', 'Pitch_76', 'Pitch_100']);
    expect(late).toEqual([0, -4 * (12 / 12), -4 * (24 / 12)]); // 100 is 36 away: capped at two octaves
    expect(late[1]).toBeLessThan(early[1]);
  });
});

describe("the key lock's key is eval's key", () => {
  const tok = Tokenizer.fromJSON(readFileSync(new URL('../fixtures/tokenizer/tokenizers/shipped.json', import.meta.url), 'utf8'));
  const barsOf = (ids: number[]) => ids.slice(1).reduce<number[][]>((acc, t) => (t === table.barId ? [...acc, [t]] : (acc.at(-1)!.push(t), acc)), []);

  it('same vocabulary as the samplers see', () => expect(tok.vocab).toEqual(vocab));

  it.each([
    ['A minor arpeggios', SEED],
    // G and B held long, C and E short: weighted by duration (as eval weighs) G major; by note count it would be E minor
    ['durations decide', [id('BOS_None'), table.barId, TS44, ...[[0, 67, 'Duration_2.0.3'], [24, 60, 'Duration_0.3.12'], [30, 64, 'Duration_0.3.12'], [36, 71, 'Duration_1.0.6']].flatMap(([pos, p, d]) => [id(`Position_${pos}`), id(`Pitch_${p}`), id('Velocity_63'), id(d as string)])]],
  ])('%s', (_, seed) => {
    const evalKey = detectKey(segmentFromBars(tok, barsOf(seed as number[])).notes);
    expect(evalKey).not.toBeNull();
    expect(seedKey(seed as number[], table)).toEqual(evalKey);
  });
});

describe('effect on whole loops (fixed seed, rng seeds 7..12)', () => {
  const N = 6;
  const loops = (c: MusicalSettings, seed = SEED, shape?: (l: Float32Array) => void) =>
    Array.from({ length: N }, (_, k) => sampleLoop(7 + k, c, 8, 1, seed, shape));

  it("tonal pull: the loops' Krumhansl-Schmuckler key is the seed's (A minor) far more often", () => {
    const inKey = (c: MusicalSettings) => loops(c).filter((l) => {
      const k = detectKey(pcCounts(pitches(l)));
      return k?.tonic === 9 && k.mode === 'minor';
    }).length;
    const off = inKey({});
    const on = inKey({ tonal: 3 });
    expect(on).toBeGreaterThanOrEqual(5);
    expect(off).toBeLessThanOrEqual(1);
  });

  it("pitch-class follow: the loops' pitch-class counts correlate with the seed's", () => {
    const seedPc = pcCounts(pitches(SEED));
    const corr = (c: MusicalSettings) => mean(loops(c).map((l) => pearson(pcCounts(pitches(l)), seedPc)));
    const off = corr({});
    const on = corr({ pitchFollow: 2 });
    expect(on).toBeGreaterThan(0.7);
    expect(off).toBeLessThan(0.3);
  });

  it('velocity follow: a "model" that favours velocity 63 keeps one velocity; follow keeps the seed\'s four', () => {
    const favour63 = (l: Float32Array) => void (l[id('Velocity_63')] += 8);
    const distinct = (c: MusicalSettings) => loops(c, VARIED, favour63).map((l) => new Set(velocities(l)).size);
    const off = distinct({});
    const on = distinct({ velocityFollow: 2 });
    expect(Math.max(...off)).toBeLessThanOrEqual(2);
    expect(Math.min(...on)).toBeGreaterThanOrEqual(4);
  });

  it('velocity follow: a seed varied in 2 notes of 16 and a "model" 10 logits sure of 63 still give no flat loop at 3', () => {
    const mostly63 = seedOf(SEED_PITCHES, [[63, 87, 63, 63], [63, 63, 63, 63], [63, 63, 47, 63], [63, 63, 63, 63]]);
    const sure63 = (l: Float32Array) => void (l[id('Velocity_63')] += 10);
    const distinct = (c: MusicalSettings) => loops(c, mostly63, sure63).map((l) => new Set(velocities(l)).size);
    expect(Math.max(...distinct({}))).toBe(1);
    expect(Math.min(...distinct({ velocityFollow: 3 }))).toBeGreaterThanOrEqual(2);
  });

  it("wrap pull: the last onset's pitches come near the loop's opening pitches", () => {
    // semitones from each pitch of the last onset to the nearest pitch of the first
    const jump = (l: number[]) => {
      const onsets: number[][] = [];
      for (const t of l) {
        if (table.types[t] === 'Position') onsets.push([]);
        else if (table.types[t] === 'Pitch') onsets.at(-1)!.push(table.values[t]);
      }
      return mean(onsets.at(-1)!.map((p) => Math.min(...onsets[0].map((q) => Math.abs(p - q)))));
    };
    const off = mean(loops({}).map(jump));
    const on = mean(loops({ wrap: 8 }).map(jump));
    expect(on).toBeLessThan(off / 2);
  });
});
