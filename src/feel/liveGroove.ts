// The live bridge's groove: which template plays (the captured seed's, a saved one, or none), and the
// feel every variant is played with. Feel changes reach a variant between passes, never mid-pass, so a
// note is never skipped or played twice because it moved across the tick being played.
import { TICKS_PER_BEAT } from '../clock/meter.ts';
import type { Variant } from '../loop/variant.ts';
import type { FeelParams } from './apply.ts';
import { extractGroove } from './extract.ts';
import { liveFeel } from './live.ts';
import { describe, type GrooveTemplate } from './template.ts';

/** The feel settings the bridge holds (rows of the settings table). */
export interface LiveFeelSettings {
  grooveAmount: number; // 0-100
  swing: number; // 50-75
  swingGrid: number; // 8 or 16
  humanizeTiming: number; // % of a 16th
  humanizeVelocity: number;
}

export class LiveGroove {
  template: GrooveTemplate | null;

  /** `source`: 'seed', 'off', or the name of `saved` (loaded at start-up). */
  constructor(
    readonly source: string,
    private readonly saved: GrooveTemplate | null,
    private readonly rngSeed: number,
  ) {
    this.template = source === 'seed' || source === 'off' ? null : saved;
  }

  /** A seed was captured: `played` are its note-ons at their unquantized clock ticks (song ticks). */
  onSeed(played: { tick: number; velocity: number }[], startTick: number, grid: number): void {
    if (this.source !== 'seed') return;
    this.template = extractGroove(played.map((n) => ({ start: (n.tick - startTick) / TICKS_PER_BEAT, velocity: n.velocity })), grid);
  }

  /** Re-armed: the next seed brings the next groove. */
  reset(): void {
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
    for (const v of variants) if (v) v.setFeel(liveFeel(this.params(s, v.id)));
  }

  /** The TUI's compact line: swing ratios and the offset per position, or null with no template. */
  line(bpm: number): string | null {
    if (!this.template) return this.source === 'off' ? 'groove off' : null;
    return `groove ${this.source}: ${describe(this.template, bpm > 0 ? bpm : 120)}`;
  }
}
