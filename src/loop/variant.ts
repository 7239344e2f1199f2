// A loop variant: bars of notes in 24-PPQN clock ticks, turned into a sorted on/off event list.
// Bars arrive one at a time while the model streams; a bar plays only once it is whole.
import { FOUR_FOUR, ticksPerBar as barTicks } from '../clock/meter.ts';

export interface LoopNote {
  pitch: number;
  velocity: number;
  start: number; // clock ticks from the loop start
  duration: number; // clock ticks, >= 1
}

/** A note as the player starts it: its end is final (cut before the next same-pitch note). */
export interface LoopOn {
  tick: number; // clock ticks from the loop start; fractional once feel has moved it
  end: number; // clock ticks from the loop start, <= loop length
  pitch: number;
  velocity: number;
}

export class Variant {
  readonly notes: LoopNote[] = [];
  private ready: boolean[];
  private eventsCache: LoopOn[] | null = null;
  /** What the generator continues from for 'mutate' (its own data: the timing side only hands it back). */
  context: unknown = null;
  loopScore: number | null = null;
  /** Groove/swing/humanize on the grid events (src/feel/live.ts); must keep them within the loop. */
  private feel: ((events: LoopOn[], length: number) => LoopOn[]) | null = null;

  constructor(
    readonly id: number,
    readonly bars: number,
    readonly ticksPerBar = barTicks(FOUR_FOUR), // the meter's bar in clock ticks
  ) {
    this.ready = new Array(bars).fill(false);
  }

  get length(): number {
    return this.bars * this.ticksPerBar;
  }

  get barsReady(): number {
    return this.ready.filter(Boolean).length;
  }

  get complete(): boolean {
    return this.ready.every(Boolean);
  }

  isBarReady(bar: number): boolean {
    return this.ready[bar] === true;
  }

  /** Add bar `bar`'s notes (ticks relative to that bar). Notes are clipped at the loop end; a note
   * starting past its bar (a bar in another meter) is dropped, so it cannot land in the next bar. */
  setBar(bar: number, notes: LoopNote[]): void {
    if (bar < 0 || bar >= this.bars || this.ready[bar]) return;
    const offset = bar * this.ticksPerBar;
    for (const n of notes) {
      if (Math.round(n.start) >= this.ticksPerBar) continue;
      const start = offset + Math.max(0, Math.round(n.start));
      const end = Math.min(this.length, start + Math.max(1, Math.round(n.duration)));
      if (start >= this.length || end <= start) continue;
      this.notes.push({ pitch: n.pitch, velocity: n.velocity, start, duration: end - start });
    }
    this.ready[bar] = true;
    this.eventsCache = null;
  }

  /** Replace the feel; the player sees it from the next tick it reads (the engine changes it between passes). */
  setFeel(feel: ((events: LoopOn[], length: number) => LoopOn[]) | null): void {
    this.feel = feel;
    this.eventsCache = null;
  }

  /** Note-ons sorted by tick; a same-pitch note ends where the next one starts, so two never overlap. */
  events(): LoopOn[] {
    if (this.eventsCache) return this.eventsCache;
    const byPitch = new Map<number, LoopNote[]>();
    for (const n of this.notes) {
      const list = byPitch.get(n.pitch);
      if (list) list.push(n);
      else byPitch.set(n.pitch, [n]);
    }
    const events: LoopOn[] = [];
    for (const notes of byPitch.values()) {
      notes.sort((a, b) => a.start - b.start);
      for (let i = 0; i < notes.length; i++) {
        const n = notes[i];
        if (i > 0 && notes[i - 1].start === n.start) continue; // duplicate start: keep the first
        const next = notes.slice(i + 1).find((m) => m.start > n.start);
        const end = Math.min(n.start + n.duration, next ? next.start : Infinity);
        events.push({ tick: n.start, end, pitch: n.pitch, velocity: n.velocity });
      }
    }
    events.sort((a, b) => a.tick - b.tick || a.pitch - b.pitch);
    this.eventsCache = this.feel ? this.feel(events, this.length) : events;
    return this.eventsCache;
  }

  /** Note-ons from loop tick `tick` up to the next one (feel puts some between ticks). */
  onsAt(tick: number): LoopOn[] {
    const events = this.events();
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (events[mid].tick < tick) lo = mid + 1;
      else hi = mid;
    }
    const out: LoopOn[] = [];
    for (let i = lo; i < events.length && events[i].tick < tick + 1; i++) out.push(events[i]);
    return out;
  }
}
