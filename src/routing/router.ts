// Input routing as performers wire it: several input ports (a keyboard, the DAW's clock port), one of
// them the clock source, played notes filtered by channel, optionally echoed out (--thru), and our own
// output coming back in rejected (EchoFilter).
import type { MidiMessage } from '../midi/codec.ts';
import type { MidiInPort } from '../midi/transport.ts';
import type { EchoFilter } from './echo.ts';

export type ClockMessage = Extract<MidiMessage, { type: 'clock' | 'start' | 'continue' | 'stop' | 'songPosition' }>;
export type PlayedMessage = Extract<MidiMessage, { type: 'noteOn' | 'noteOff' | 'cc' }>;

export interface RouteOptions {
  /** Name of the port the clock follows. Absent: the first port that sends clock, and only it. */
  clockIn?: string;
  /** Played notes from this channel (1-16) only; 'all' takes every channel. */
  inChannel: number | 'all';
  /** Echo played notes to the output while `thruActive()` says so. Not the pedal: a pedal left down
   * when the seed ends would sustain the instrument under the loop. */
  thru: boolean;
}

export interface RouteSink {
  clock(m: ClockMessage, timeMs: number, port: string): void;
  /** Notes and the pedal that passed the channel filter. */
  played(m: PlayedMessage, timeMs: number): void;
  /** Notes, CCs and program changes, any channel, before anything else: a pad, button or program
   * change bound to a performing action (never a played note, never thru); true when used up. */
  action?(m: Extract<MidiMessage, { type: 'noteOn' | 'noteOff' | 'cc' | 'programChange' }>, timeMs: number): boolean;
  /** Every CC, any channel, first (MIDI learn, bound knobs); true when it was used up there. */
  control(m: Extract<MidiMessage, { type: 'cc' }>, timeMs: number): boolean;
}

export const isClock = (m: MidiMessage): m is ClockMessage =>
  m.type === 'clock' || m.type === 'start' || m.type === 'continue' || m.type === 'stop' || m.type === 'songPosition';

export class InputRouter {
  /** The port whose clock counts (fixed by --clock-in, else the first that sent one). */
  clockPort: string | null;
  thru: boolean;
  private unsubscribe: (() => void)[];
  private thruHeld = new Set<number>(); // pitches whose on went thru: their off always follows

  constructor(
    inputs: MidiInPort[],
    private sink: RouteSink,
    private opts: RouteOptions,
    private echo: EchoFilter,
    /** Where --thru sends played notes; the caller records them in the EchoFilter as sent. */
    private sendThru: (m: PlayedMessage) => void,
    /** Thru only while a seed is being played in (armed or capturing): the loop has the output after. */
    private thruActive: () => boolean = () => true,
  ) {
    this.clockPort = opts.clockIn ?? null;
    this.thru = opts.thru;
    this.unsubscribe = inputs.map((port) => port.onMessage((m, t) => this.route(m, t, port.name)));
  }

  route(m: MidiMessage, timeMs: number, port: string): void {
    if (this.echo.isEcho(m, timeMs)) return;
    if (isClock(m)) {
      if (this.clockPort === null) this.clockPort = port;
      if (port === this.clockPort) this.sink.clock(m, timeMs, port);
      return;
    }
    if (m.type !== 'noteOn' && m.type !== 'noteOff' && m.type !== 'cc' && m.type !== 'programChange') return;
    if (this.sink.action?.(m, timeMs) || m.type === 'programChange') return;
    if (m.type === 'cc' && this.sink.control(m, timeMs)) return;
    const channelOk = this.opts.inChannel === 'all' || m.channel === this.opts.inChannel - 1;
    if (!channelOk || (m.type === 'cc' && m.controller !== 64)) return;
    this.sink.played(m, timeMs);
    if (m.type === 'noteOn' && this.thru && this.thruActive()) {
      this.thruHeld.add(m.note);
      this.sendThru(m);
    } else if (m.type === 'noteOff' && this.thruHeld.delete(m.note)) {
      this.sendThru(m);
    }
  }

  close(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
  }
}
