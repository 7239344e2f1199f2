// Standard MIDI files <-> Score. Reading follows symusic 0.6 (what MidiTok loads files with):
// one track per (MIDI track, channel, program) ordered by channel then program, notes paired
// first-in-first-out per channel and pitch, zero-length notes kept, unclosed notes dropped,
// note-less tracks dropped, sustain pedal spans from CC64 (>= 64 down). Writing uses @tonejs/midi.
import ToneMidi from '@tonejs/midi';
import type { Note, Score, Tempo, TimeSignature, Track } from '../types.ts';
import { UserError } from '../errors.ts';
import { pdqsort } from './pdqsort.ts';

const { Midi } = ToneMidi;

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array, readonly end: number) {}
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
  skip(n: number): void {
    if (this.pos + n > this.end) throw new UserError('corrupt MIDI file: truncated event data');
    this.pos += n;
  }
}

const u32 = (b: Uint8Array, i: number) => ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
const tag = (b: Uint8Array, i: number) => String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3]);

interface OpenNote { start: number; velocity: number; order: number; key: string }

/** Parse a standard MIDI file; any structural damage is one UserError. */
export function readMidi(bytes: Uint8Array): Score {
  if (bytes.length < 14 || tag(bytes, 0) !== 'MThd') throw new UserError('not a MIDI file (no MThd header)');
  const headerLen = u32(bytes, 4);
  if (headerLen < 6 || 8 + headerLen > bytes.length) throw new UserError('corrupt MIDI file: bad header length');
  const division = (bytes[12] << 8) | bytes[13];
  if (division & 0x8000) throw new UserError('MIDI files with SMPTE time division are not supported');
  if (division === 0) throw new UserError('corrupt MIDI file: 0 ticks per quarter');
  const tempos: (Tempo & { seq: number })[] = [];
  const timeSignatures: (TimeSignature & { seq: number })[] = [];
  const tracks: Track[] = [];
  const declaredTracks = (bytes[10] << 8) | bytes[11];
  let pos = 8 + headerLen;
  let seq = 0;
  let trackChunks = 0;
  // Like symusic, read only the declared number of tracks: files often carry trailing junk.
  while (pos + 8 <= bytes.length && trackChunks < declaredTracks) {
    const id = tag(bytes, pos);
    const len = u32(bytes, pos + 4);
    const start = pos + 8;
    if (start + len > bytes.length) throw new UserError(`corrupt MIDI file: ${id} chunk runs past the end of the file`);
    pos = start + len;
    if (id !== 'MTrk') continue;
    trackChunks++;
    const r = new Reader(bytes, start + len);
    r.pos = start;
    const program = new Array<number>(16).fill(0);
    const byKey = new Map<string, Track & { channel: number; order: number }>();
    const open = new Map<number, OpenNote[]>(); // channel*128+pitch -> FIFO
    // symusic's per-channel pedal-down ticks start as {-1} in C++: channel 0 "up", channels 1-15
    // "down since tick 0", so a first CC64 release on those channels yields a pedal from 0.
    const pedalDown = new Array<number>(16).fill(0);
    pedalDown[0] = -1;
    let name: string | undefined;
    let tick = 0;
    let status = 0;
    let noteOrder = 0;
    // symusic files a control change under the (channel, program) track if that exists, else under the
    // channel's "straggler", which the next track created on that channel takes over whatever its program
    // (a pedal sent before a channel's program change lands in the track of the notes that follow).
    const straggler = Array.from({ length: 16 }, (): { start: number; duration: number }[] => []);
    const trackFor = (ch: number, create: boolean) => {
      const key = `${ch}:${program[ch]}`;
      let tr = byKey.get(key);
      if (!tr && create) {
        tr = { program: program[ch], isDrum: ch === 9, notes: [], pedals: straggler[ch], channel: ch, order: 0 };
        straggler[ch] = [];
        byKey.set(key, tr);
      }
      return { key, pedals: tr ? tr.pedals! : straggler[ch] };
    };
    const noteOrders = new Map<Note, number>();
    while (r.pos < r.end) {
      tick += r.vlq();
      let b = r.byte();
      if (b === 0xff) {
        const type = r.byte();
        const n = r.vlq();
        const dataStart = r.pos;
        r.skip(n);
        const d = bytes.subarray(dataStart, dataStart + n);
        if (type === 0x2f) break;
        if (type === 0x51 && n >= 3) {
          const mspq = (d[0] << 16) | (d[1] << 8) | d[2];
          if (mspq > 0) tempos.push({ tick, bpm: 60000000 / mspq, seq: seq++ });
        } else if (type === 0x58 && n >= 2) {
          timeSignatures.push({ tick, numerator: d[0], denominator: 2 ** d[1], seq: seq++ });
        } else if (type === 0x03 && name === undefined) {
          name = new TextDecoder('latin1').decode(d);
        }
        continue;
      }
      if (b === 0xf0 || b === 0xf7) { r.skip(r.vlq()); continue; }
      if (b >= 0xf0) throw new UserError(`corrupt MIDI file: unexpected status byte 0x${b.toString(16)}`);
      let first: number;
      if (b & 0x80) { status = b; first = r.byte(); } else {
        if (!status) throw new UserError('corrupt MIDI file: data byte without a running status');
        first = b;
        b = status;
      }
      const kind = b & 0xf0;
      const ch = b & 0x0f;
      const second = kind === 0xc0 || kind === 0xd0 ? 0 : r.byte();
      if (first > 127 || second > 127) throw new UserError('corrupt MIDI file: data byte above 127');
      if (kind === 0x90 && second > 0) {
        const { key } = trackFor(ch, true);
        const k = ch * 128 + first;
        if (!open.has(k)) open.set(k, []);
        open.get(k)!.push({ start: tick, velocity: second, order: noteOrder++, key });
      } else if (kind === 0x80 || kind === 0x90) {
        const q = open.get(ch * 128 + first);
        const on = q?.shift();
        if (on) {
          const tr = byKey.get(on.key)!;
          const note: Note = { pitch: first, velocity: on.velocity, start: on.start, duration: tick - on.start };
          tr.notes.push(note);
          noteOrders.set(note, on.order);
        }
      } else if (kind === 0xc0) {
        program[ch] = first;
      } else if (kind === 0xb0 && first === 64) {
        if (second >= 64) {
          if (pedalDown[ch] < 0) pedalDown[ch] = tick;
        } else if (pedalDown[ch] >= 0) {
          trackFor(ch, false).pedals.push({ start: pedalDown[ch], duration: tick - pedalDown[ch] });
          pedalDown[ch] = -1;
        }
      }
    }
    const found = [...byKey.values()].filter((t) => t.notes.length > 0);
    found.sort((a, b) => a.channel - b.channel || a.program - b.program);
    for (const t of found) {
      t.notes.sort((a, b) => a.start - b.start || noteOrders.get(a)! - noteOrders.get(b)!);
      const out: Track = { program: t.program, isDrum: t.isDrum, notes: t.notes };
      if (name !== undefined) out.name = name;
      if (t.pedals && t.pedals.length) out.pedals = t.pedals.sort((a, b) => a.start - b.start);
      tracks.push(out);
    }
  }
  if (trackChunks < declaredTracks && pos < bytes.length) throw new UserError('corrupt MIDI file: truncated chunk header');
  // symusic orders global events with pdqsort (unstable): equal ticks keep its order, not the file's.
  const byTick = (e: { tick: number }) => e.tick;
  return {
    ticksPerQuarter: division,
    tempos: pdqsort(tempos, byTick).map(({ tick, bpm }) => ({ tick, bpm })),
    timeSignatures: pdqsort(timeSignatures, byTick).map(({ tick, numerator, denominator }) => ({ tick, numerator, denominator })),
    tracks,
  };
}

/** Write a Score as a standard MIDI file (format 1, drums on channel 10). */
export function writeMidi(score: Score): Uint8Array {
  const midi = new Midi();
  // @tonejs/midi writes its own header ppq; rescale ticks if the score uses another resolution.
  const ppq = midi.header.ppq;
  const f = ppq / score.ticksPerQuarter;
  const t = (x: number) => Math.round(x * f);
  for (const tempo of score.tempos) midi.header.tempos.push({ ticks: t(tempo.tick), bpm: tempo.bpm });
  for (const ts of score.timeSignatures) midi.header.timeSignatures.push({ ticks: t(ts.tick), timeSignature: [ts.numerator, ts.denominator] });
  midi.header.update();
  let channel = 0;
  for (const tr of score.tracks) {
    const track = midi.addTrack();
    if (tr.name) track.name = tr.name;
    track.channel = tr.isDrum ? 9 : channel;
    if (!tr.isDrum) channel = channel === 8 ? 10 : (channel + 1) % 16;
    track.instrument.number = tr.program;
    for (const n of tr.notes) track.addNote({ midi: n.pitch, ticks: t(n.start), durationTicks: t(n.duration), velocity: n.velocity / 127 });
    for (const p of tr.pedals ?? []) {
      track.addCC({ number: 64, ticks: t(p.start), value: 1 });
      track.addCC({ number: 64, ticks: t(p.start + p.duration), value: 0 });
    }
  }
  return midi.toArray();
}
