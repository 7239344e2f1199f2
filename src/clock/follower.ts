// Follows a DAW's MIDI clock: 24 pulses per quarter note, Start / Stop / Continue / Song Position.
// Positions come from counting pulses, so a dropout (a cable pulled, a USB hiccup) would shift the
// count by the pulses missed: a long gap is measured against the tempo and, once the next pulse comes at
// the normal spacing, the count jumps. Pulses that arrive back to back after a gap were queued while
// this host stalled; they all count, and nothing jumps.
import type { MidiMessage } from '../midi/codec.ts';
import { TempoEstimator, type TempoOptions } from './tempo.ts';
import type { TransportListener } from './tickSource.ts';

export class ClockFollower {
  readonly tempo: TempoEstimator;
  running = false;
  /** Position of the next clock pulse, in ticks from the song start. */
  nextTick = 0;
  lastTick = -1;
  lastTickTime: number | null = null;
  /** Time of the last clock-related message: tells whether an external clock is present at all. */
  lastSeen: number | null = null;
  /** Why the transport last stopped: after a timeout, pulses that come back resume it. */
  private stoppedBy: 'stop' | 'timeout' | null = null;
  /** Pulses a long gap may have swallowed; confirmed (or not) by the spacing of the pulse after it. */
  private suspect = 0;

  constructor(
    private listener: TransportListener,
    tempo: TempoOptions = {},
  ) {
    this.tempo = new TempoEstimator(tempo);
  }

  /** Feed one incoming message; returns true when it was a clock/transport message. */
  handle(message: MidiMessage, timeMs: number): boolean {
    switch (message.type) {
      case 'start':
        this.lastSeen = timeMs;
        this.nextTick = 0;
        this.begin(timeMs, 'start');
        return true;
      case 'continue':
        this.lastSeen = timeMs;
        this.begin(timeMs, 'continue');
        return true;
      case 'stop':
        this.lastSeen = timeMs;
        this.stoppedBy = 'stop';
        if (this.running) {
          this.running = false;
          this.listener.onStop(timeMs, 'stop');
        }
        return true;
      case 'songPosition':
        this.lastSeen = timeMs;
        // The MIDI spec sends SPP while stopped, but Logic's cycle mode sends it while running: relocate.
        this.nextTick = message.sixteenths * 6;
        this.suspect = 0;
        this.listener.onPosition?.(this.nextTick);
        return true;
      case 'clock': {
        this.lastSeen = timeMs;
        const gap = this.running || this.stoppedBy === 'timeout' ? this.gapTicks(timeMs) : 1;
        const lost = this.confirmLost(timeMs);
        if (lost > 0) this.tempo.reset(); // the gap was not tempo (the period before it stays for msPerTick)
        this.tempo.add(timeMs); // DAWs often send clock while stopped too: the BPM shows before Play
        if (!this.running) {
          if (this.stoppedBy !== 'timeout' || this.lastTickTime === null) return true;
          // The clock is back after a timeout: continue counting; the next pulse says whether pulses were lost.
          this.nextTick = this.lastTick + 1;
          this.running = true;
          this.stoppedBy = null;
          this.listener.onStart(this.nextTick, timeMs, 'continue');
        } else if (lost > 0) {
          this.nextTick += lost;
          this.listener.onPosition?.(this.nextTick);
        }
        if (gap > 1) this.suspect = gap - 1;
        this.lastTick = this.nextTick++;
        this.lastTickTime = timeMs;
        this.listener.onTick(this.lastTick, timeMs);
        return true;
      }
      default:
        return false;
    }
  }

  private begin(timeMs: number, kind: 'start' | 'continue'): void {
    this.tempo.reset(); // the pause before Start/Continue is not tempo
    this.running = true;
    this.stoppedBy = null;
    this.suspect = 0;
    this.lastTickTime = null;
    this.listener.onStart(this.nextTick, timeMs, kind);
  }

  /** A running clock that goes silent (cable pulled, DAW crashed) counts as Stop. Call periodically. */
  checkTimeout(nowMs: number): void {
    if (!this.running || this.lastTickTime === null) return;
    const period = this.tempo.msPerTick() ?? 20;
    if (nowMs - this.lastTickTime > Math.max(500, period * 12)) {
      this.running = false;
      this.stoppedBy = 'timeout';
      this.listener.onStop(nowMs, 'timeout');
    }
  }

  /** After a gap, the next pulse decides: at the normal spacing, the clock went on without us (a
   * dropout) and the gap's pulses were lost; back to back, they were queued while this host stalled. */
  private confirmLost(timeMs: number): number {
    if (this.suspect === 0 || !this.running || this.lastTickTime === null) return 0;
    const lost = this.suspect;
    this.suspect = 0;
    const period = this.tempo.msPerTick();
    return period !== null && timeMs - this.lastTickTime >= period * 0.5 ? lost : 0;
  }

  /** Pulses since the last one: 1 unless the gap is a dropout (longer than jitter or a busy host's
   * burst can explain), then the gap measured in periods of the tempo before it. */
  private gapTicks(timeMs: number): number {
    const period = this.tempo.msPerTick();
    if (this.lastTickTime === null || period === null) return 1;
    const gap = timeMs - this.lastTickTime;
    if (gap < Math.max(150, period * 6)) return 1;
    return Math.max(1, Math.round(gap / period));
  }
}
