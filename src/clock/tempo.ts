// Tempo from clock pulses: least squares over a sliding window of pulse times. A quadratic fit
// follows ramps without lag; a run of same-signed outliers means a tempo step, so the window restarts.
export const PPQN = 24;

export interface TempoOptions {
  window?: number; // pulses kept: one bar (96 in 4/4), so the estimate is exact one bar after a step
  minQuadratic?: number; // pulses before the curvature term is trusted
}

export class TempoEstimator {
  private pulses: number[] = []; // pulse index within the current run
  private times: number[] = [];
  private period: number | null = null; // ms per pulse at the newest pulse
  private lastPeriod: number | null = null; // survives resets, for display
  private pulse = 0;
  private residuals: number[] = [];
  private lastWasOutlier = false;
  private readonly window: number;
  private readonly minQuadratic: number;

  constructor(opts: TempoOptions = {}) {
    this.window = opts.window ?? 96;
    this.minQuadratic = opts.minQuadratic ?? 32;
  }

  /** Forget the pulse history (after Start/Continue: the gap before them is not tempo). */
  reset(): void {
    this.pulses = [];
    this.times = [];
    this.residuals = [];
    this.period = null;
  }

  /** Add one clock pulse at `timeMs`. */
  add(timeMs: number): void {
    this.pulse++;
    const n = this.times.length;
    if (n >= 4 && this.period !== null) {
      const predicted = this.times[n - 1] + (this.pulse - this.pulses[n - 1]) * this.period;
      const residual = timeMs - predicted;
      this.residuals.push(residual);
      if (this.residuals.length > 4) this.residuals.shift();
      if (this.isStep()) {
        // Keep the pulses after the change only.
        this.pulses = this.pulses.slice(-2);
        this.times = this.times.slice(-2);
        this.residuals = [];
      } else {
        // One pulse far off the line (a late delivery, a busy host) is not tempo: leave it out.
        const outlier = Math.abs(residual) > Math.max(2, this.period * 0.25);
        const skip = outlier && !this.lastWasOutlier;
        this.lastWasOutlier = outlier;
        if (skip) return;
      }
    }
    this.pulses.push(this.pulse);
    this.times.push(timeMs);
    if (this.pulses.length > this.window) {
      this.pulses.shift();
      this.times.shift();
    }
    this.period = this.fit();
    if (this.period !== null) this.lastPeriod = this.period;
  }

  /** Four prediction errors in a row, same sign, each beyond the jitter: the tempo moved. */
  private isStep(): boolean {
    if (this.residuals.length < 4 || this.period === null) return false;
    const threshold = Math.max(0.75, this.period * 0.02); // ms: above DAW/USB jitter
    const sign = Math.sign(this.residuals[0]);
    return this.residuals.every((r) => Math.sign(r) === sign && Math.abs(r) > threshold);
  }

  private fit(): number | null {
    const n = this.times.length;
    if (n < 2) return null;
    const x0 = this.pulses[n - 1];
    const t0 = this.times[n - 1];
    // Sums for least squares in x = pulse - newest, y = time - newest (well conditioned).
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, sy = 0, sxy = 0, sx2y = 0;
    for (let i = 0; i < n; i++) {
      const x = this.pulses[i] - x0;
      const y = this.times[i] - t0;
      const x2 = x * x;
      s0 += 1; s1 += x; s2 += x2; s3 += x2 * x; s4 += x2 * x2;
      sy += y; sxy += x * y; sx2y += x2 * y;
    }
    if (n >= this.minQuadratic) {
      // Solve [s0 s1 s2; s1 s2 s3; s2 s3 s4] [a b c] = [sy sxy sx2y] by Cramer's rule.
      const det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
      if (Math.abs(det) > 1e-9) {
        const a = (sy * (s2 * s4 - s3 * s3) - s1 * (sxy * s4 - s3 * sx2y) + s2 * (sxy * s3 - s2 * sx2y)) / det;
        const b = (s0 * (sxy * s4 - s3 * sx2y) - sy * (s1 * s4 - s3 * s2) + s2 * (s1 * sx2y - sxy * s2)) / det;
        const c = (s0 * (s2 * sx2y - sxy * s3) - s1 * (s1 * sx2y - sxy * s2) + sy * (s1 * s3 - s2 * s2)) / det;
        let ssr = 0;
        for (let i = 0; i < n; i++) {
          const x = this.pulses[i] - x0;
          const r = this.times[i] - t0 - (a + b * x + c * x * x);
          ssr += r * r;
        }
        const varC = (ssr / (n - 3)) * ((s0 * s2 - s1 * s1) / det);
        // Use the curve (slope at the newest pulse) only when the curvature is real: a ramp, not jitter.
        if (b > 0 && c * c > 9 * varC) return b;
      }
    }
    const denom = s0 * s2 - s1 * s1;
    if (denom <= 0) return null;
    const slope = (s0 * sxy - s1 * sy) / denom;
    return slope > 0 ? slope : null;
  }

  /** ms per 24-PPQN pulse, or null before two pulses. */
  msPerTick(): number | null {
    return this.period ?? this.lastPeriod;
  }

  bpm(): number | null {
    const p = this.msPerTick();
    return p ? 60_000 / (p * PPQN) : null;
  }
}
