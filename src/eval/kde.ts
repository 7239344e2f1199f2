// Yang & Lerch (2018), "On the evaluation of generative models in music": per descriptor, the
// distribution of intra-set distances (within the reference set) against that of inter-set distances
// (reference to generated), each smoothed with a Gaussian KDE; their overlap area (OA, 1 = the sets
// cannot be told apart) and KL divergence (0 = the same). As mgeval: leave-one-out intra distances,
// scipy's gaussian_kde with Scott's bandwidth, OA integrated over the range of both samples, KL
// sampled at 1,000 points over the first sample's range.

export function mean(xs: number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN;
}

/** Sample standard deviation (n - 1), as numpy's ddof=1. */
export function std(xs: number[], ddof = 1): number {
  if (xs.length <= ddof) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - ddof));
}

/** |a_i - a_j| for every ordered pair i != j. */
export function intraDistances(a: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a.length; j++) if (i !== j) out.push(Math.abs(a[i] - a[j]));
  return out;
}

/** |a_i - b_j| for every pair. */
export function interDistances(a: number[], b: number[]): number[] {
  const out: number[] = [];
  for (const x of a) for (const y of b) out.push(Math.abs(x - y));
  return out;
}

/**
 * Gaussian KDE with Scott's factor n^(-1/5) times the sample std. A sample with no spread gets a
 * bandwidth of 1e-3 (of its value's scale), so it is a narrow spike rather than a division by zero.
 */
export function gaussianKde(sample: number[]): (x: number) => number {
  const n = sample.length;
  const sd = std(sample);
  const scale = Math.max(1e-9, ...sample.map(Math.abs));
  const bw = sd > 0 ? sd * n ** -0.2 : 1e-3 * Math.max(1, scale);
  const norm = 1 / (n * bw * Math.sqrt(2 * Math.PI));
  return (x) => {
    let s = 0;
    for (const v of sample) s += Math.exp(-0.5 * ((x - v) / bw) ** 2);
    return s * norm;
  };
}

const min = (xs: number[]) => xs.reduce((m, x) => (x < m ? x : m), Infinity);
const max = (xs: number[]) => xs.reduce((m, x) => (x > m ? x : m), -Infinity);

/** Overlap area of the two KDEs over [min, max] of both samples (trapezoid rule, `points` steps). */
export function overlapArea(a: number[], b: number[], points = 1000): number {
  const lo = Math.min(min(a), min(b));
  const hi = Math.max(max(a), max(b));
  if (!(hi > lo)) return 1; // both samples are one and the same value
  const pa = gaussianKde(a);
  const pb = gaussianKde(b);
  const h = (hi - lo) / points;
  let area = 0;
  let prev = Math.min(pa(lo), pb(lo));
  for (let i = 1; i <= points; i++) {
    const cur = Math.min(pa(lo + i * h), pb(lo + i * h));
    area += ((prev + cur) / 2) * h;
    prev = cur;
  }
  return Math.min(1, area);
}

/** KL(a || b) of the KDEs sampled at `points` points over a's range, each normalized to sum 1 (scipy.stats.entropy). */
export function klDivergence(a: number[], b: number[], points = 1000): number {
  const lo = min(a);
  const hi = max(a);
  const pa = gaussianKde(a);
  const pb = gaussianKde(b);
  const xs = hi > lo ? Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1)) : [lo];
  const p = xs.map(pa);
  const q = xs.map(pb);
  const sp = p.reduce((s, x) => s + x, 0);
  const sq = q.reduce((s, x) => s + x, 0);
  let kl = 0;
  for (let i = 0; i < xs.length; i++) {
    if (p[i] === 0) continue;
    const pi = p[i] / sp;
    const qi = Math.max(q[i] / (sq || 1), 1e-300); // an empty q would be infinite in scipy; report a large finite number
    kl += pi * Math.log(pi / qi);
  }
  return kl;
}

export interface Comparison {
  oa: number; // OA(intra-set distances of the reference, inter-set distances)
  kl: number; // KL(intra-set of the reference || inter-set)
}

/** How well `generated` blends into `reference` for one descriptor. */
export function compareSets(reference: number[], generated: number[]): Comparison {
  if (reference.length < 2 || generated.length < 1) return { oa: NaN, kl: NaN };
  const intra = intraDistances(reference);
  const inter = interDistances(reference, generated);
  return { oa: overlapArea(intra, inter), kl: klDivergence(intra, inter) };
}
