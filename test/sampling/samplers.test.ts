// Small tables: logits in, probabilities out.
import { describe, expect, it } from 'vitest';
import { candidatesOf, logProbOf, softmax } from '../../src/sampling/candidates.ts';
import { seededRng } from '../../src/sampling/rng.ts';
import {
  chain,
  dist,
  greedy,
  minP,
  repetitionPenalty,
  type Sampler,
  temperature,
  topK,
  topP,
} from '../../src/sampling/samplers.ts';

const LOGITS = [Math.log(0.1), Math.log(0.2), Math.log(0.3), Math.log(0.4)]; // probs 0.1 0.2 0.3 0.4

function probsAfter(sampler: Sampler, logits = LOGITS): number[] {
  const c = candidatesOf(Float32Array.from(logits));
  sampler.apply(c);
  return Array.from(softmax(c.logits));
}

describe('shaping samplers', () => {
  it.each([
    ['temperature 1', temperature(1), [0.1, 0.2, 0.3, 0.4]],
    ['temperature 0 (greedy)', temperature(0), [0, 0, 0, 1]],
    ['temperature 0.5 squares the probs', temperature(0.5), [0.01 / 0.3, 0.04 / 0.3, 0.09 / 0.3, 0.16 / 0.3]],
    ['top-k 2', topK(2), [0, 0, 3 / 7, 4 / 7]],
    ['top-k 0 (off)', topK(0), [0.1, 0.2, 0.3, 0.4]],
    ['top-p 0.5', topP(0.5), [0, 0, 3 / 7, 4 / 7]],
    ['top-p 0.75', topP(0.75), [0, 2 / 9, 3 / 9, 4 / 9]],
    ['top-p 0.3 keeps the best one', topP(0.3), [0, 0, 0, 1]],
    ['min-p 0.5: p >= 0.2', minP(0.5), [0, 2 / 9, 3 / 9, 4 / 9]],
    ['min-p 0.8: p >= 0.32', minP(0.8), [0, 0, 0, 1]],
    ['min-p then temperature 2', chain([minP(0.5), temperature(2)]), normalize([0, 2 ** 0.5, 3 ** 0.5, 2])],
  ])('%s', (_name, sampler, expected) => {
    const got = probsAfter(sampler);
    expected.forEach((p, i) => expect(got[i]).toBeCloseTo(p, 5));
  });

  it('order is configuration: temperature before min-p keeps more than min-p before temperature', () => {
    const a = probsAfter(chain([temperature(3), minP(0.75)]));
    const b = probsAfter(chain([minP(0.75), temperature(3)]));
    expect(a.filter((p) => p > 0).length).toBe(3); // flattened first: more survive min-p
    expect(b.filter((p) => p > 0).length).toBe(2);
  });

  it('repetition penalty lowers recently accepted penalized ids only', () => {
    const pen = repetitionPenalty(2, (id) => id !== 3);
    pen.accept!(2);
    pen.accept!(3); // not penalized (like a Bar token)
    const c = candidatesOf(Float32Array.from([1, 1, 1, -1]));
    pen.apply(c);
    expect(Array.from(c.logits)).toEqual([1, 1, 0.5, -1]);
    const neg = candidatesOf(Float32Array.from([0, 0, -1, 0]));
    pen.apply(neg);
    expect(neg.logits[2]).toBe(-2); // negative logits are multiplied
  });

  it('log-prob of an id is the log of its softmax', () => {
    expect(logProbOf(Float32Array.from(LOGITS), 3)).toBeCloseTo(Math.log(0.4), 6);
  });
});

function normalize(xs: number[]): number[] {
  const s = xs.reduce((a, b) => a + b, 0);
  return xs.map((x) => x / s);
}

describe('drawing', () => {
  it('dist follows the distribution and the same seed draws the same ids', () => {
    const draw = (seed: number) => {
      const s = dist(seededRng(seed));
      return Array.from({ length: 4000 }, () => {
        const c = candidatesOf(Float32Array.from(LOGITS));
        s.apply(c);
        return c.selected;
      });
    };
    const a = draw(7);
    expect(draw(7)).toEqual(a);
    expect(draw(8)).not.toEqual(a);
    const freq = [0, 1, 2, 3].map((i) => a.filter((x) => x === i).length / a.length);
    [0.1, 0.2, 0.3, 0.4].forEach((p, i) => expect(Math.abs(freq[i] - p)).toBeLessThan(0.03));
  });

  it('dist never draws a masked token', () => {
    const s = chain([topK(1), dist(seededRng(1))]);
    for (let i = 0; i < 100; i++) {
      const c = candidatesOf(Float32Array.from([5, -Infinity, 4.9, 1]));
      s.apply(c);
      expect(c.selected).toBe(0);
    }
  });

  it('greedy picks the largest logit', () => {
    const c = candidatesOf(Float32Array.from([0, 3, 2]));
    greedy().apply(c);
    expect(c.selected).toBe(1);
  });

  it('an all-masked row is an error, not a silent pick', () => {
    const c = candidatesOf(Float32Array.from([-Infinity, -Infinity]));
    expect(() => dist(seededRng(1)).apply(c)).toThrow(/every token is masked/);
  });
});
