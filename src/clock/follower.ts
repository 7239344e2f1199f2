// Follows a DAW's MIDI clock: 24 pulses per quarter note, Start / Stop / Continue / Song Position.
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
        if (this.running) {
          this.running = false;
          this.listener.onStop(timeMs, 'stop');
        }
        return true;
      case 'songPosition':
        this.lastSeen = timeMs;
        // Per the MIDI spec, SPP is only meaningful while stopped.
        if (!this.running) {
          this.nextTick = message.sixteenths * 6;
          this.listener.onPosition?.(this.nextTick);
        }
        return true;
      case 'clock':
        this.lastSeen = timeMs;
        this.tempo.add(timeMs); // DAWs often send clock while stopped too: the BPM shows before Play
        if (!this.running) return true;
        this.lastTick = this.nextTick++;
        this.lastTickTime = timeMs;
        this.listener.onTick(this.lastTick, timeMs);
        return true;
      default:
        return false;
    }
  }

  private begin(timeMs: number, kind: 'start' | 'continue'): void {
    this.tempo.reset(); // the pause before Start/Continue is not tempo
    this.running = true;
    this.lastTickTime = null;
    this.listener.onStart(this.nextTick, timeMs, kind);
  }

  /** A running clock that goes silent (cable pulled, DAW crashed) counts as Stop. Call periodically. */
  checkTimeout(nowMs: number): void {
    if (!this.running || this.lastTickTime === null) return;
    const period = this.tempo.msPerTick() ?? 20;
    if (nowMs - this.lastTickTime > Math.max(500, period * 12)) {
      this.running = false;
      this.listener.onStop(nowMs, 'timeout');
    }
  }
}
