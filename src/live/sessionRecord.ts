// `live --record session.mid`: every channel message seedloop sends, placed on the clock's own
// timeline (song position, so the file lines up with the DAW), with the tempo the clock ran at.
// Written once, atomically, when the engine stops (the offs sent on the way out are in it).
import { TICKS_PER_BEAT, ticksPerBar, type Meter } from '../clock/meter.ts';
import { writeFileAtomic } from '../io/files.ts';
import type { MidiMessage } from '../midi/codec.ts';
import { FILE_PPQ } from '../loop/export.ts';
import { channelMessage, meterMeta, tempoMeta, writeSmf, type SmfEvent } from '../midi/smf.ts';

const SCALE = FILE_PPQ / TICKS_PER_BEAT;
const CHANNEL_TYPES = new Set(['noteOn', 'noteOff', 'cc', 'programChange', 'pitchBend', 'aftertouch', 'channelPressure']);

export interface RecordClock {
  position(): number; // clock tick (song position) a message belongs to
  bpm(): number; // 0 while unknown
}

export class SessionRecorder {
  private events: SmfEvent[] = [];
  private tempos: SmfEvent[] = [];
  private lastBpm = 0;
  /** Ticks added after the transport went back (Start from the top): a later take follows the last. */
  private offset = 0;
  private last = 0;
  saved = false;

  constructor(
    readonly path: string,
    private meter: Meter,
    private clock: RecordClock,
  ) {}

  /** File tick of now, never before an event already recorded. */
  private now(): number {
    const raw = this.clock.position();
    let pos = raw + this.offset;
    if (pos < this.last - 1) {
      // Same bar grid, on from the bar line after the last take.
      const bar = ticksPerBar(this.meter);
      this.offset = Math.ceil(this.last / bar) * bar - Math.floor(raw / bar) * bar;
      pos = raw + this.offset;
    }
    this.last = Math.max(this.last, pos);
    return pos * SCALE;
  }

  /** A message went out (clock and transport messages are not music: left out). */
  sent(m: MidiMessage): void {
    if (!CHANNEL_TYPES.has(m.type)) return;
    this.events.push({ tick: this.now(), bytes: channelMessage(m) });
  }

  /** The clock's tempo now (called each beat); a change of at least 0.1% is a new tempo event. An
   * estimate outside 20-400 BPM (clock pulses arriving in a burst) is not a tempo. */
  tempo(): void {
    const bpm = this.clock.bpm();
    if (!(bpm >= 20 && bpm <= 400)) return;
    if (this.lastBpm > 0 && Math.abs(bpm / this.lastBpm - 1) < 0.001) return;
    this.lastBpm = bpm;
    this.tempos.push({ tick: this.now(), bytes: tempoMeta(bpm) });
  }

  get messages(): number {
    return this.events.length;
  }

  toMidi(): Uint8Array {
    const tempos = this.tempos.length ? this.tempos : [{ tick: 0, bytes: tempoMeta(120) }];
    if (tempos[0].tick > 0) tempos[0] = { tick: 0, bytes: tempos[0].bytes }; // the first known tempo holds from bar 1
    return writeSmf(FILE_PPQ, [
      { name: 'seedloop session', events: [{ tick: 0, bytes: meterMeta(this.meter) }, ...tempos] },
      { name: 'seedloop out', events: this.events },
    ]);
  }

  /** Write the file (once; later calls do nothing). */
  save(): void {
    if (this.saved) return;
    this.saved = true;
    writeFileAtomic(this.path, this.toMidi());
  }
}
