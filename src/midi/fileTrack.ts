// One MTrk chunk of a standard MIDI file -> tracks, following symusic 0.6 (what MidiTok loads files
// with): one track per (channel, program) ordered by channel then program, notes paired first-in
// first-out per channel and pitch, zero-length notes kept, unclosed notes dropped (and counted, so a
// caller can say why a file has no notes), note-less tracks dropped, sustain pedal spans from CC64.
import type { Note, Tempo, TimeSignature, Track } from '../types.ts';
import { UserError } from '../errors.ts';

/** Byte cursor over one chunk; running off its end is one UserError. */
export class ChunkReader {
  pos: number;
  constructor(readonly buf: Uint8Array, start: number, readonly end: number) {
    this.pos = start;
  }
  byte(): number {
    if (this.pos >= this.end) throw new UserError('corrupt MIDI file: truncated event data');
    return this.buf[this.pos++];
  }
  vlq(): number {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const b = this.byte();
      v = v * 128 + (b & 0x7f);
      if (!(b & 0x80)) return v;
    }
    throw new UserError('corrupt MIDI file: variable-length number longer than 4 bytes');
  }
  take(n: number): Uint8Array {
    if (this.pos + n > this.end) throw new UserError('corrupt MIDI file: truncated event data');
    this.pos += n;
    return this.buf.subarray(this.pos - n, this.pos);
  }
}

/** What the whole file shares across its tracks: global events, and counts of notes that were lost. */
export interface FileState {
  tempos: (Tempo & { seq: number })[];
  timeSignatures: (TimeSignature & { seq: number })[];
  seq: number;
  unclosedNotes: number; // note-ons that never got a note-off
  strayNoteOffs: number; // note-offs (or velocity-0 note-ons) with no sounding note to end
}

interface OpenNote { start: number; velocity: number; order: number; key: string }
type Pedals = { start: number; duration: number }[];
type ChannelTrack = Track & { channel: number; pedals: Pedals };

class TrackState {
  readonly program = new Array<number>(16).fill(0);
  readonly byKey = new Map<string, ChannelTrack>();
  readonly open = new Map<number, OpenNote[]>(); // channel*128+pitch -> FIFO
  // symusic's per-channel pedal-down ticks start as {-1} in C++: channel 0 "up", channels 1-15
  // "down since tick 0", so a first CC64 release on those channels yields a pedal from 0.
  readonly pedalDown = new Array<number>(16).fill(0);
  // symusic files a control change under the (channel, program) track if that exists, else under the
  // channel's "straggler", which the next track created on that channel takes over whatever its program
  // (a pedal sent before a channel's program change lands in the track of the notes that follow).
  readonly straggler = Array.from({ length: 16 }, (): Pedals => []);
  readonly noteOrders = new Map<Note, number>();
  name: string | undefined;
  noteOrder = 0;

  constructor(readonly file: FileState) {
    this.pedalDown[0] = -1;
  }

  trackFor(ch: number, create: boolean): { key: string; pedals: Pedals } {
    const key = `${ch}:${this.program[ch]}`;
    let tr = this.byKey.get(key);
    if (!tr && create) {
      tr = { program: this.program[ch], isDrum: ch === 9, notes: [], pedals: this.straggler[ch], channel: ch };
      this.straggler[ch] = [];
      this.byKey.set(key, tr);
    }
    return { key, pedals: tr ? tr.pedals : this.straggler[ch] };
  }

  meta(type: number, d: Uint8Array, tick: number): void {
    const f = this.file;
    if (type === 0x51 && d.length >= 3) {
      const mspq = (d[0] << 16) | (d[1] << 8) | d[2];
      if (mspq > 0) f.tempos.push({ tick, bpm: 60000000 / mspq, seq: f.seq++ });
    } else if (type === 0x58 && d.length >= 2) {
      f.timeSignatures.push({ tick, numerator: d[0], denominator: 2 ** d[1], seq: f.seq++ });
    } else if (type === 0x03 && this.name === undefined) {
      this.name = new TextDecoder('latin1').decode(d);
    }
  }

  channel(kind: number, ch: number, first: number, second: number, tick: number): void {
    if (kind === 0x90 && second > 0) {
      const { key } = this.trackFor(ch, true);
      const k = ch * 128 + first;
      if (!this.open.has(k)) this.open.set(k, []);
      this.open.get(k)!.push({ start: tick, velocity: second, order: this.noteOrder++, key });
    } else if (kind === 0x80 || kind === 0x90) {
      const on = this.open.get(ch * 128 + first)?.shift();
      if (!on) {
        this.file.strayNoteOffs++;
        return;
      }
      const note: Note = { pitch: first, velocity: on.velocity, start: on.start, duration: tick - on.start };
      this.byKey.get(on.key)!.notes.push(note);
      this.noteOrders.set(note, on.order);
    } else if (kind === 0xc0) {
      this.program[ch] = first;
    } else if (kind === 0xb0 && first === 64) {
      if (second >= 64) {
        if (this.pedalDown[ch] < 0) this.pedalDown[ch] = tick;
      } else if (this.pedalDown[ch] >= 0) {
        this.trackFor(ch, false).pedals.push({ start: this.pedalDown[ch], duration: tick - this.pedalDown[ch] });
        this.pedalDown[ch] = -1;
      }
    }
  }

  /** The tracks with notes, in symusic's order. */
  finish(): Track[] {
    for (const q of this.open.values()) this.file.unclosedNotes += q.length;
    const found = [...this.byKey.values()].filter((t) => t.notes.length > 0);
    found.sort((a, b) => a.channel - b.channel || a.program - b.program);
    return found.map((t) => {
      t.notes.sort((a, b) => a.start - b.start || this.noteOrders.get(a)! - this.noteOrders.get(b)!);
      const out: Track = { program: t.program, isDrum: t.isDrum, notes: t.notes };
      if (this.name !== undefined) out.name = this.name;
      if (t.pedals.length) out.pedals = t.pedals.sort((a, b) => a.start - b.start);
      return out;
    });
  }
}

/** Parse the events of one MTrk chunk (bytes start..end). */
export function readTrackChunk(bytes: Uint8Array, start: number, end: number, file: FileState): Track[] {
  const r = new ChunkReader(bytes, start, end);
  const state = new TrackState(file);
  let tick = 0;
  let status = 0;
  while (r.pos < r.end) {
    tick += r.vlq();
    let b = r.byte();
    if (b === 0xff) {
      const type = r.byte();
      const data = r.take(r.vlq());
      if (type === 0x2f) break;
      state.meta(type, data, tick);
      continue;
    }
    if (b === 0xf0 || b === 0xf7) {
      r.take(r.vlq()); // SysEx: skipped whole
      continue;
    }
    if (b >= 0xf0) throw new UserError(`corrupt MIDI file: unexpected status byte 0x${b.toString(16)}`);
    let first: number;
    if (b & 0x80) {
      status = b;
      first = r.byte();
    } else {
      if (!status) throw new UserError('corrupt MIDI file: data byte without a running status');
      first = b;
      b = status;
    }
    const kind = b & 0xf0;
    const second = kind === 0xc0 || kind === 0xd0 ? 0 : r.byte();
    if (first > 127 || second > 127) throw new UserError('corrupt MIDI file: data byte above 127');
    state.channel(kind, b & 0x0f, first, second, tick);
  }
  return state.finish();
}
