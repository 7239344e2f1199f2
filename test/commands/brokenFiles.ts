// Broken files of each kind, made by the tests (no fixtures): a valid small SMF, then ways to damage it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeMidi } from '../../src/midi/file.ts';
import type { Note, Score } from '../../src/types.ts';

export const vlq = (n: number): number[] => {
  const out = [n & 0x7f];
  for (n >>= 7; n; n >>= 7) out.unshift((n & 0x7f) | 0x80);
  return out;
};
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

/** A format-0 SMF with one MTrk holding `events` (delta-time bytes included), end of track appended. */
export function smf(events: number[], tpq = 480): Uint8Array {
  const body = [...events, 0, 0xff, 0x2f, 0];
  return new Uint8Array([...ascii('MThd'), 0, 0, 0, 6, 0, 0, 0, 1, tpq >> 8, tpq & 0xff, ...ascii('MTrk'), ...u32(body.length), ...body]);
}

/** Quarter notes at `pitches`, in 4/4 (or the given meter) at 120 bpm. */
export function scoreFile(pitches: number[], meter: [number, number] = [4, 4], drums = false): Uint8Array {
  const notes: Note[] = pitches.map((pitch, i) => ({ pitch, velocity: 90, start: i * 480, duration: 480 }));
  const score: Score = {
    ticksPerQuarter: 480,
    tempos: [{ tick: 0, bpm: 120 }],
    timeSignatures: [{ tick: 0, numerator: meter[0], denominator: meter[1] }],
    tracks: [{ program: 0, isDrum: drums, notes }],
  };
  return writeMidi(score);
}

export const goodSeed = () => scoreFile([60, 62, 64, 65, 67, 65, 64, 62, 60, 64, 67, 72, 67, 64, 62, 60]);

/** Each broken kind the tables feed to every command that reads MIDI; `message` is what it must say. */
export const BROKEN_MIDI: { kind: string; bytes: Uint8Array; message: RegExp }[] = [
  { kind: 'empty', bytes: new Uint8Array(0), message: /not a MIDI file/ },
  { kind: 'truncated', bytes: goodSeed().subarray(0, 40), message: /corrupt MIDI file/ },
  { kind: 'wrong magic', bytes: new Uint8Array([...ascii('RIFF'), ...goodSeed().subarray(4)]), message: /not a MIDI file/ },
  {
    kind: 'oversized chunk length',
    bytes: new Uint8Array([...smf([]).subarray(0, 18), 0xff, 0xff, 0xff, 0xf0, ...smf([]).subarray(22)]),
    message: /runs past the end/,
  },
  {
    kind: 'binary chunk name, oversized',
    bytes: new Uint8Array([...smf([]).subarray(0, 14), 0x00, 0x1b, 0x9b, 0x07, 0xff, 0xff, 0xff, 0xf0, ...smf([]).subarray(22)]),
    message: /chunk "\\x00\\x1b\\x9b\\x07" runs past the end/,
  },
  { kind: 'running status abuse', bytes: smf([0, 60, 100, 10, 60, 0]), message: /data byte without a running status/ },
  { kind: 'SysEx garbage', bytes: smf([0, 0xf0, ...vlq(5000), 1, 2, 3]), message: /truncated event data/ },
  { kind: 'SysEx with an endless length', bytes: smf([0, 0xf0, 0xff, 0xff, 0xff, 0xff, 0x7f]), message: /longer than 4 bytes/ },
  { kind: 'undefined status byte', bytes: smf([0, 0xf4, 1, 2]), message: /unexpected status byte 0xf4/ },
];

/** Files that parse but have nothing to continue, each with the cause that must be named. */
export const NOTHING_TO_CONTINUE: { kind: string; bytes: Uint8Array; message: RegExp }[] = [
  { kind: 'note-ons without note-offs', bytes: smf([0, 0x90, 60, 100, 10, 0x90, 62, 100]), message: /2 note-on\(s\) never end/ },
  { kind: 'only velocity-0 notes', bytes: smf([0, 0x90, 60, 0, 10, 0x90, 62, 0]), message: /only note-offs/ },
  { kind: 'all pitches out of range', bytes: scoreFile([5, 6, 120, 127]), message: /all 4 notes are outside the model's pitch range 21-109/ },
  { kind: 'only drums', bytes: scoreFile([36, 38], [4, 4], true), message: /only drums/ },
  { kind: 'no notes at all', bytes: smf([]), message: /holds no notes/ },
];

/** Bad tokenizer files: each is refused naming --tokenizer and the file. */
export const BAD_TOKENIZERS: { kind: string; text: string | null }[] = [
  { kind: 'missing', text: null },
  { kind: 'empty', text: '' },
  { kind: 'not JSON', text: '{"config": ' },
  { kind: 'JSON but not a tokenizer', text: '[1, 2, 3]' },
  { kind: 'another tokenization', text: '{"tokenization": "TSD", "config": {}}' },
];

export function badTokenizerPath(d: string, kind: string, text: string | null): string {
  const path = join(d, `${kind.replace(/\W+/g, '-')}.json`);
  if (text !== null) writeFileSync(path, text);
  return path;
}

