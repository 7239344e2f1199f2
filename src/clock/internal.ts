// seedloop's own clock when no DAW clock arrives: ticks at exact times from an anchor, so a BPM
// change re-anchors instead of accumulating rounding; optionally sent out (clock master).
import type { MidiMessage } from '../midi/codec.ts';
import type { Scheduler } from './scheduler.ts';
import { TICKS_PER_BEAT } from './meter.ts';
import type { TransportListener } from './tickSource.ts';

export class InternalClock {
  running = false;
  private anchorTick = 0;
  private anchorTime = 0;
  private nextTick = 0;
  private cancel: (() => void) | null = null;

  constructor(
    private scheduler: Scheduler,
    private listener: TransportListener,
    private bpmValue: number,
    private send: ((m: MidiMessage) => void) | null = null, // clock out
  ) {}

  get bpm(): number {
    return this.bpmValue;
  }

  msPerTick(): number {
    return 60_000 / (this.bpmValue * TICKS_PER_BEAT);
  }

  /** Start at tick `fromTick`, first tick one pulse from now (room for the Start message). */
  start(fromTick = 0): void {
    if (this.running) return;
    this.running = true;
    const now = this.scheduler.now();
    this.anchorTick = fromTick;
    this.anchorTime = now + this.msPerTick();
    this.nextTick = fromTick;
    this.out(fromTick === 0 ? { type: 'start' } : { type: 'continue' });
    this.listener.onStart(fromTick, now, fromTick === 0 ? 'start' : 'continue');
    this.scheduleNext();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.cancel?.();
    this.cancel = null;
    this.out({ type: 'stop' });
    this.listener.onStop(this.scheduler.now(), 'stop');
  }

  setBpm(bpm: number): void {
    if (!(bpm > 0)) return;
    if (this.running) {
      // Re-anchor at the next tick's ideal time so the change is exact from there on.
      this.anchorTime = this.timeOf(this.nextTick);
      this.anchorTick = this.nextTick;
    }
    this.bpmValue = bpm;
  }

  /** Ideal time of a tick at the current tempo. */
  timeOf(tick: number): number {
    return this.anchorTime + (tick - this.anchorTick) * this.msPerTick();
  }

  private scheduleNext(): void {
    const tick = this.nextTick;
    const at = this.timeOf(tick);
    this.cancel = this.scheduler.at(at, () => {
      if (!this.running) return;
      this.nextTick = tick + 1;
      this.out({ type: 'clock' });
      this.listener.onTick(tick, at);
      if (this.running) this.scheduleNext();
    });
  }

  private out(m: MidiMessage): void {
    try {
      this.send?.(m);
    } catch {
      this.send = null; // the clock keeps running for seedloop itself even if the port is gone
    }
  }
}
