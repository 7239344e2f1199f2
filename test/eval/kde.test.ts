// The Yang & Lerch comparison: KDE, overlap area and KL divergence on samples with known answers.
import { describe, expect, it } from 'vitest';
import { compareSets, gaussianKde, interDistances, intraDistances, klDivergence, overlapArea, std } from '../../src/eval/kde.ts';

const sample = (n: number, mu: number, seed = 1) => {
  let s = seed;
  const u = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  return Array.from({ length: n }, () => mu + Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
};

describe('distances', () => {
  it('intra-set: every ordered pair once (leave one out); inter-set: every pair', () => {
    expect(intraDistances([0, 1, 3])).toEqual([1, 3, 1, 2, 3, 2]);
    expect(interDistances([0, 1], [3])).toEqual([3, 2]);
  });
});

describe('KDE, OA and KL', () => {
  it("Scott's-rule KDE integrates to 1", () => {
    const pdf = gaussianKde([0, 1, 2, 5]);
    let area = 0;
    for (let x = -20; x < 25; x += 0.01) area += pdf(x) * 0.01;
    expect(area).toBeCloseTo(1, 3);
    expect(std([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
  });

  it('OA is high for the same distribution, near 0 for far apart ones; KL the other way round', () => {
    const a = sample(200, 0, 1);
    const b = sample(200, 0, 7);
    const far = sample(200, 10, 3);
    expect(overlapArea(a, b)).toBeGreaterThan(0.85);
    expect(overlapArea(a, far)).toBeLessThan(0.01);
    expect(klDivergence(a, a)).toBeCloseTo(0, 12);
    expect(klDivergence(a, b)).toBeLessThan(0.05);
    expect(klDivergence(a, far)).toBeGreaterThan(5);
    expect(overlapArea([2, 2], [2, 2])).toBe(1);
  });

  it('compareSets: a generated set like the reference scores higher OA than a shifted one', () => {
    const ref = sample(30, 5, 11);
    const like = sample(30, 5, 12);
    const off = sample(30, 8, 13);
    expect(compareSets(ref, like).oa).toBeGreaterThan(compareSets(ref, off).oa + 0.2);
    expect(compareSets([1], like).oa).toBeNaN();
  });
});
