// The loop timeline: which variant plays at a tick, where passes begin, when a new variant takes
// over. Pure logic driven by tick numbers (no time), so tests step it tick by tick.
// With a fill (the seed, replayed), the first variant starts on the bar line right after the seed even
// before its first bar is generated: each bar not ready at its bar line plays the seed's bar instead.
import type { LoopOn, Variant } from './variant.ts';

export interface PlayerEvent {
  on: boolean;
  pitch: number;
  velocity: number;
  /** Fraction of a tick after the tick played (0..1): feel places notes between clock ticks. */
  at?: number;
}

export interface PlayerHooks {
  /** A variant became the playing one at absolute tick `tick`. */
  onSwap?(variant: Variant, tick: number): void;
  /** A pass of the loop finished at `tick` (the loop wraps or swaps). */
  onPassEnd?(variant: Variant, tick: number): void;
}

export class LoopPlayer {
  current: Variant | null = null;
  pending: Variant | null = null;
  /** Absolute tick where the current pass began. */
  origin = 0;
  /** The first variant may start at this bar line or a later one. */
  private earliestStart: number | null = null;
  private barActive: ('loop' | 'fill' | false)[] = [];
  /** Plays in place of bars not generated yet (bar k of the loop: fill bar k mod its length). */
  private fill: Variant | null = null;
  /** Sounding notes: pitch -> absolute tick of its off. */
  private sounding = new Map<number, number>();
  private lastTick: number | null = null;
  passes = 0;

  constructor(private hooks: PlayerHooks = {}) {}

  /** Queue the first variant: it starts on the first bar line >= `earliest` at which bar 0 is ready,
   * or, given a `fill`, exactly at `earliest` (a bar line), the fill covering bars not ready yet. */
  startAt(variant: Variant, earliest: number, fill: Variant | null = null): void {
    this.pending = variant;
    this.earliestStart = earliest;
    this.fill = fill;
  }

  /** Queue a new variant: it takes over at the next loop boundary once complete (before the first
   * loop has started, it replaces the first variant). */
  queue(variant: Variant): void {
    this.pending = variant;
  }

  /** Forget everything (re-arm). Returns offs for what was sounding. */
  reset(): PlayerEvent[] {
    const offs = this.silence();
    this.current = null;
    this.pending = null;
    this.earliestStart = null;
    this.lastTick = null;
    this.fill = null;
    return offs;
  }

  /** Offs for every sounding note (stop, jump, panic); the timeline stays. */
  silence(): PlayerEvent[] {
    const offs = [...this.sounding.keys()].map((pitch) => ({ on: false, pitch, velocity: 0 }));
    this.sounding.clear();
    this.barActive = [];
    this.lastTick = null;
    return offs;
  }

  /** Events for absolute tick `tick`; call once per tick in increasing order (jumps allowed). */
  play(tick: number): PlayerEvent[] {
    const out: PlayerEvent[] = [];
    const jumped = this.lastTick !== null && tick !== this.lastTick + 1;
    if (jumped) out.push(...this.silence());
    this.lastTick = tick;
    for (const [pitch, end] of this.sounding) {
      if (end < tick + 1) {
        this.sounding.delete(pitch);
        out.push(withAt({ on: false, pitch, velocity: 0 }, end - tick));
      }
    }
    if (!this.current) {
      const v = this.pending;
      if (!v || this.earliestStart === null || tick < this.earliestStart) return out;
      if ((tick - this.earliestStart) % v.ticksPerBar !== 0 || !(v.isBarReady(0) || this.fill)) return out;
      this.takeOver(v, tick);
    }
    const current = this.current!;
    let rel = tick - this.origin;
    if (rel < 0 || rel > current.length || (jumped && rel !== 0)) {
      // Position jumped (Song Position, Continue elsewhere): stay on the loop's grid of passes.
      this.origin += Math.floor(rel / current.length) * current.length;
      rel = tick - this.origin;
      this.barActive = [];
    }
    if (rel === current.length) {
      this.passes++;
      this.hooks.onPassEnd?.(current, tick);
      const next = this.pending && this.pending.complete ? this.pending : current;
      this.takeOver(next, tick);
      rel = 0;
    }
    const v = this.current!;
    const bar = Math.floor(rel / v.ticksPerBar);
    if (rel % v.ticksPerBar === 0) this.barActive[bar] = v.isBarReady(bar) ? 'loop' : this.fill ? 'fill' : false; // a bar plays whole or not at all
    if (this.barActive[bar] === 'loop') for (const n of v.onsAt(rel)) out.push(this.start(n, 0));
    else if (this.barActive[bar] === 'fill') {
      const f = this.fill!;
      const shift = bar * v.ticksPerBar - (bar % f.bars) * f.ticksPerBar; // fill ticks -> this loop's ticks
      for (const n of f.onsAt(rel - shift)) out.push(this.start(n, shift));
    }
    return out;
  }

  private start(n: LoopOn, shift: number): PlayerEvent {
    this.sounding.set(n.pitch, this.origin + shift + n.end);
    return withAt({ on: true, pitch: n.pitch, velocity: n.velocity }, n.tick - Math.floor(n.tick));
  }

  private takeOver(v: Variant, tick: number): void {
    const swapped = v !== this.current;
    this.current = v;
    if (v === this.pending) this.pending = null;
    this.earliestStart = null;
    this.origin = tick;
    this.barActive = [];
    if (swapped) this.hooks.onSwap?.(v, tick);
  }
}

/** Events on a tick carry no `at`; only those feel placed between ticks do. */
function withAt(e: PlayerEvent, at: number): PlayerEvent {
  return at > 0 ? { ...e, at } : e;
}
