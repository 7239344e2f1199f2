// MIDI 1.0 byte stream <-> messages. The parser is a small state machine that never throws:
// running status, real-time bytes interleaved anywhere, SysEx skipped whole, stray data dropped.

export type MidiMessage =
  | { type: 'noteOn'; channel: number; note: number; velocity: number } // velocity >= 1
  | { type: 'noteOff'; channel: number; note: number; velocity: number } // includes note-on velocity 0
  | { type: 'cc'; channel: number; controller: number; value: number }
  | { type: 'programChange'; channel: number; program: number }
  | { type: 'pitchBend'; channel: number; value: number } // -8192..8191
  | { type: 'aftertouch'; channel: number; note: number; pressure: number }
  | { type: 'channelPressure'; channel: number; pressure: number }
  | { type: 'clock' }
  | { type: 'start' }
  | { type: 'continue' }
  | { type: 'stop' }
  | { type: 'songPosition'; sixteenths: number } // Song Position Pointer, in MIDI beats (16th notes)
  | { type: 'activeSensing' }
  | { type: 'reset' };

/** Channels are 0-15 in messages (the wire value); users see 1-16. */
export const CLOCK = 0xf8;
export const START = 0xfa;
export const CONTINUE = 0xfb;
export const STOP = 0xfc;
export const SONG_POSITION = 0xf2;
export const SYSEX = 0xf0;
export const SYSEX_END = 0xf7;

const REALTIME: Record<number, MidiMessage> = {
  0xf8: { type: 'clock' },
  0xfa: { type: 'start' },
  0xfb: { type: 'continue' },
  0xfc: { type: 'stop' },
  0xfe: { type: 'activeSensing' },
  0xff: { type: 'reset' },
};

/** Data bytes that follow a status byte (undefined: not a message we keep). */
function dataLength(status: number): number | undefined {
  const kind = status & 0xf0;
  if (kind === 0xc0 || kind === 0xd0) return 1;
  if (kind >= 0x80 && kind <= 0xe0) return 2;
  if (status === SONG_POSITION) return 2;
  if (status === 0xf1 || status === 0xf3) return 1; // MTC quarter frame, song select: parsed, dropped
  if (status === 0xf6) return 0; // tune request
  return undefined;
}

function toMessage(status: number, d: number[]): MidiMessage | null {
  const channel = status & 0x0f;
  switch (status & 0xf0) {
    case 0x80:
      return { type: 'noteOff', channel, note: d[0], velocity: d[1] };
    case 0x90:
      return d[1] === 0
        ? { type: 'noteOff', channel, note: d[0], velocity: 0 }
        : { type: 'noteOn', channel, note: d[0], velocity: d[1] };
    case 0xa0:
      return { type: 'aftertouch', channel, note: d[0], pressure: d[1] };
    case 0xb0:
      return { type: 'cc', channel, controller: d[0], value: d[1] };
    case 0xc0:
      return { type: 'programChange', channel, program: d[0] };
    case 0xd0:
      return { type: 'channelPressure', channel, pressure: d[0] };
    case 0xe0:
      return { type: 'pitchBend', channel, value: (d[0] | (d[1] << 7)) - 8192 };
  }
  if (status === SONG_POSITION) return { type: 'songPosition', sixteenths: d[0] | (d[1] << 7) };
  return null;
}

/** Incremental parser: feed it chunks as they arrive, in any split. */
export class MidiParser {
  private status = 0; // running status (0 = none)
  private data: number[] = [];
  private inSysex = false;

  /** Parse `bytes`, calling `emit` for each complete message. Never throws on bad input. */
  feed(bytes: ArrayLike<number>, emit: (message: MidiMessage) => void): void {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i] & 0xff;
      if (byte >= 0xf8) {
        // Real-time bytes may appear anywhere, even inside SysEx or between data bytes; they change nothing.
        const rt = REALTIME[byte];
        if (rt) emit({ ...rt });
        continue;
      }
      if (byte === SYSEX) {
        this.inSysex = true;
        this.status = 0;
        this.data = [];
        continue;
      }
      if (this.inSysex) {
        if (byte === SYSEX_END || byte >= 0x80) this.inSysex = false; // any status byte also ends SysEx
        if (byte === SYSEX_END || byte < 0x80) continue;
      }
      if (byte >= 0x80) {
        this.data = [];
        const len = dataLength(byte);
        if (len === undefined) {
          this.status = 0; // undefined status / stray EOX: drop, and running status is cancelled
          continue;
        }
        this.status = byte;
        if (len === 0) {
          this.status = 0;
        }
        continue;
      }
      if (this.status === 0) continue; // data with no status: garbage, skip
      this.data.push(byte);
      if (this.data.length === dataLength(this.status)) {
        const message = toMessage(this.status, this.data);
        this.data = [];
        // System common messages cancel running status; channel messages keep it.
        if (this.status >= 0xf0) this.status = 0;
        if (message) emit(message);
      }
    }
  }

  reset(): void {
    this.status = 0;
    this.data = [];
    this.inSysex = false;
  }
}

/** Parse one complete chunk (e.g. one message from a native port). */
export function parseMidi(bytes: ArrayLike<number>): MidiMessage[] {
  const out: MidiMessage[] = [];
  new MidiParser().feed(bytes, (m) => out.push(m));
  return out;
}

const clamp7 = (v: number) => Math.max(0, Math.min(127, Math.round(v)));
const ch = (c: number) => Math.max(0, Math.min(15, c | 0));

/** Bytes for one message (no running status: each message stands alone). */
export function encodeMidi(m: MidiMessage): number[] {
  switch (m.type) {
    case 'noteOn':
      return [0x90 | ch(m.channel), clamp7(m.note), Math.max(1, clamp7(m.velocity))];
    case 'noteOff':
      return [0x80 | ch(m.channel), clamp7(m.note), clamp7(m.velocity)];
    case 'cc':
      return [0xb0 | ch(m.channel), clamp7(m.controller), clamp7(m.value)];
    case 'programChange':
      return [0xc0 | ch(m.channel), clamp7(m.program)];
    case 'channelPressure':
      return [0xd0 | ch(m.channel), clamp7(m.pressure)];
    case 'aftertouch':
      return [0xa0 | ch(m.channel), clamp7(m.note), clamp7(m.pressure)];
    case 'pitchBend': {
      const v = Math.max(0, Math.min(16383, Math.round(m.value) + 8192));
      return [0xe0 | ch(m.channel), v & 0x7f, v >> 7];
    }
    case 'songPosition': {
      const v = Math.max(0, Math.min(16383, Math.round(m.sixteenths)));
      return [SONG_POSITION, v & 0x7f, v >> 7];
    }
    case 'clock':
      return [CLOCK];
    case 'start':
      return [START];
    case 'continue':
      return [CONTINUE];
    case 'stop':
      return [STOP];
    case 'activeSensing':
      return [0xfe];
    case 'reset':
      return [0xff];
  }
}
