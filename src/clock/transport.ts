// The Transport (as in Tone.js): the one owner of musical time. It holds the DAW-clock follower and
// seedloop's internal clock, picks the active one (an external clock takes over from the internal
// one for good), and keeps running / tick / tickTime and the tempo for everyone else to read.
import type { MidiMessage } from '../midi/codec.ts';
import { ClockFollower } from './follower.ts';
import { InternalClock } from './internal.ts';
import { barBeat, FOUR_FOUR, TICKS_PER_BEAT, ticksPerBar, type Meter } from './meter.ts';
import type { Scheduler } from './scheduler.ts';
import type { TransportListener } from './tickSource.ts';

export type ClockSource = 'external' | 'internal';

/** What the Transport tells its one listener (the engine): the active source's ticks, and a switch. */
export interface TransportEvents extends TransportListener {
  /** The active clock changed (today: a DAW clock arrived). The transport is stopped at that moment. */
  onSourceChange?(source: ClockSource): void;
}

export interface TransportOptions {
  bpm?: number; // internal clock tempo (default 120)
  meter?: Meter; // the tempo estimate's window is one bar of it
  clockOut?: ((m: MidiMessage) => void) | null; // send the internal clock out (clock master)
}

const CLOCK_TYPES = new Set<MidiMessage['type']>(['clock', 'start', 'continue', 'stop', 'songPosition']);

export class Transport {
  readonly meter: Meter;
  private follower: ClockFollower;
  private internal: InternalClock;
  private active: ClockSource = 'internal';
  private runningNow = false;
  private lastTick = -1;
  private lastTickTime = 0;
  private cancelCheck: (() => void) | null = null;

  constructor(
    private scheduler: Scheduler,
    private listener: TransportEvents,
    opts: TransportOptions = {},
  ) {
    this.meter = opts.meter ?? FOUR_FOUR;
    this.follower = new ClockFollower(this.gate('external'), { window: ticksPerBar(this.meter) });
    this.internal = new InternalClock(scheduler, this.gate('internal'), opts.bpm ?? 120, opts.clockOut ?? null);
    this.checkTimeout();
  }

  get source(): ClockSource {
    return this.active;
  }
  get running(): boolean {
    return this.runningNow;
  }
  /** The last tick that happened (-1 before the first; the one before the next after a start or jump). */
  get tick(): number {
    return this.lastTick;
  }
  get tickTime(): number {
    return this.lastTickTime;
  }

  /** Run the internal clock until an external one arrives. */
  startInternal(): void {
    if (this.active === 'internal') this.internal.start(0);
  }

  /** The one way clock messages come in (Start/Stop/Continue/SPP/clock); false for any other message. */
  handle(message: MidiMessage, timeMs: number): boolean {
    if (!CLOCK_TYPES.has(message.type)) return false;
    if (this.active === 'internal') this.switchTo('external');
    this.follower.handle(message, timeMs);
    return true;
  }

  /** A DAW clock takes over from ours: ours stops (silently: its stop is not the transport's). */
  private switchTo(source: ClockSource): void {
    this.active = source;
    if (this.internal.running) this.internal.stop();
    this.runningNow = false;
    this.listener.onSourceChange?.(source);
  }

  /** Stop everything for good (exit): the internal clock sends its Stop when it is the master. */
  stop(): void {
    this.cancelCheck?.();
    this.cancelCheck = null;
    if (this.internal.running) this.internal.stop();
    this.runningNow = false;
  }

  /** Every 250 ms: a running external clock that goes silent (cable pulled, DAW crashed) counts as Stop. */
  private checkTimeout(): void {
    this.cancelCheck = this.scheduler.at(this.scheduler.now() + 250, () => {
      if (this.active === 'external') this.follower.checkTimeout(this.scheduler.now());
      this.checkTimeout();
    });
  }

  msPerTick(): number {
    if (this.active === 'internal') return this.internal.msPerTick();
    return this.follower.tempo.msPerTick() ?? 60_000 / (120 * TICKS_PER_BEAT);
  }

  /** Tempo now; 0 while an external clock's tempo is not known yet. */
  bpm(): number {
    return this.active === 'internal' ? this.internal.bpm : (this.follower.tempo.bpm() ?? 0);
  }

  /** Ideal time of a tick on the internal clock's grid (tests play seeds on it). */
  timeOf(tick: number): number {
    return this.internal.timeOf(tick);
  }

  /** Fractional tick of an incoming note, from the last tick and the tempo estimate. */
  positionAt(timeMs: number): number {
    if (this.lastTick < 0) return Math.max(0, this.lastTick + 1);
    const frac = (timeMs - this.lastTickTime) / this.msPerTick();
    return this.lastTick + Math.max(0, Math.min(1, frac));
  }

  /** 1-based bar and beat of the last tick, in the meter. */
  position(): { bar: number; beat: number } {
    return barBeat(this.lastTick, this.meter);
  }

  /** Each clock talks to the listener only while it is the active one. */
  private gate(source: ClockSource): TransportListener {
    const active = () => this.active === source;
    return {
      onTick: (tick, time) => {
        if (!active()) return;
        this.lastTick = tick;
        this.lastTickTime = time;
        this.listener.onTick(tick, time);
      },
      onStart: (tick, time, kind) => {
        if (!active()) return;
        this.runningNow = true;
        this.lastTick = tick - 1;
        this.listener.onStart(tick, time, kind);
      },
      onStop: (time, reason) => {
        if (!active()) return;
        this.runningNow = false;
        this.listener.onStop(time, reason);
      },
      onPosition: (tick) => {
        if (!active()) return;
        this.lastTick = tick - 1;
        this.listener.onPosition?.(tick);
      },
    };
  }
}
