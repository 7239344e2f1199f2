// The live bridge's groove: which template plays (the captured seed's, a saved one, or none), and the
// feel every variant is played with. Feel changes reach a variant between passes, never mid-pass, so a
// note is never skipped or played twice because it moved across the tick being played.
import { TICKS_PER_BEAT } from '../clock/meter.ts';
import type { Variant } from '../loop/variant.ts';
import type { FeelParams } from './apply.ts';
import { extractGroove } from './extract.ts';
import { liveFeel } from './live.ts';
import { compact, type GrooveTemplate } from './template.ts';

/** The feel settings the bridge holds (rows of the settings table). */
export interface LiveFeelSettings {
  grooveAmount: number; // 0-100
  swing: number; // 50-75
  swingGrid: number; // 8 or 16
  humanizeTiming: number; // % of a 16th
  humanizeVelocity: number;
}

/** What `live` starts with: the groove source and, for a saved one, its template (plain data: it
 * crosses to the timing thread). */
export interface GrooveChoice {
  source: string; // 'seed', 'off', or a saved template's name
  template: GrooveTemplate | null;
}

export class LiveGroove {
  template: GrooveTemplate | null;
  readonly source: string;
  private version = 0; // bumped whenever the template changes
  /** What each variant was last given: unchanged feel is not recomputed on the tick a pass wraps. */
  private given = new WeakMap<Variant, string>();

  constructor(choice: GrooveChoice | undefined, private readonly rngSeed: number) {
    this.source = choice?.source ?? 'seed';
    this.template = this.source === 'seed' || this.source === 'off' ? null : (choice?.template ?? null);
  }

  /** A seed was captured: its notes as played (`tick`: the unquantized clock tick from the song start;
   * CapturedSeed.timing), the seed starting at clock tick `startTick` (a bar line). */
  onSeed(played: readonly { tick: number; velocity: number }[], startTick: number, grid: number): void {
    if (this.source !== 'seed') return;
    this.version++;
    this.template = extractGroove(played.map((n) => ({ start: (n.tick - startTick) / TICKS_PER_BEAT, velocity: n.velocity })), grid);
  }

  /** Re-armed: the next seed brings the next groove. */
  reset(): void {
    this.version++;
    if (this.source === 'seed') this.template = null;
  }

  params(s: LiveFeelSettings, variantId: number): FeelParams {
    return {
      template: this.template,
      amount: s.grooveAmount / 100,
      swing: s.swing,
      swingGrid: s.swingGrid === 16 ? 16 : 8,
      humanizeTiming: s.humanizeTiming,
      humanizeVelocity: s.humanizeVelocity,
      rngSeed: (this.rngSeed * 7919 + variantId) >>> 0, // each variant its own nudges, the same each run
    };
  }

  /** Give these variants the current feel (call between passes: on swap and at a pass end). */
  apply(variants: (Variant | null | undefined)[], s: LiveFeelSettings): void {
    for (const v of variants) {
      if (!v) continue;
      const p = this.params(s, v.id);
      const key = JSON.stringify({ ...p, template: null, t: this.version });
      if (this.given.get(v) === key) continue;
      this.given.set(v, key);
      v.setFeel(liveFeel(p));
    }
  }

  /** The TUI's compact line: swing ratios and the offset per position, or null with no template. */
  line(bpm: number): string | null {
    if (!this.template) return this.source === 'off' ? 'groove off' : null;
    return `groove ${compact(this.template, bpm > 0 ? bpm : 120)}`;
  }
}
