// A small Standard MIDI File writer for what seedloop plays: events at absolute ticks, and an
// end-of-track we place ourselves, so an exported loop is exactly N bars long when a DAW reads it.
import { encodeMidi, type MidiMessage } from './codec.ts';
import type { Meter } from '../clock/meter.ts';

export interface SmfEvent {
  tick: number; // absolute, in the file's ticks per quarter
  bytes: number[]; // a channel message, or a meta event from the helpers below (0xff ...)
}

export interface SmfTrack {
  name?: string;
  events: SmfEvent[]; // in order of time; events at one tick keep their order
  endTick?: number; // end-of-track here (never before the last event)
}

function varLen(n: number): number[] {
  const out = [n & 0x7f];
  for (let v = n >>> 7; v > 0; v >>>= 7) out.unshift((v & 0x7f) | 0x80);
  return out;
}

function u32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0) & 0x7f);

export function tempoMeta(bpm: number): number[] {
  const us = Math.max(1, Math.min(0xffffff, Math.round(60_000_000 / bpm)));
  return [0xff, 0x51, 3, (us >> 16) & 255, (us >> 8) & 255, us & 255];
}

export function meterMeta(meter: Meter): number[] {
  // Clocks per metronome click: one beat of the meter (24 per quarter note).
  return [0xff, 0x58, 4, meter.beatsPerBar, Math.log2(meter.beatUnit), (24 * 4) / meter.beatUnit, 8];
}

export function channelMessage(m: MidiMessage): number[] {
  return encodeMidi(m);
}

function trackBytes(track: SmfTrack): number[] {
  const events = track.events.map((e, i) => ({ ...e, tick: Math.max(0, Math.round(e.tick)), i }));
  events.sort((a, b) => a.tick - b.tick || a.i - b.i); // stable: same-tick order is the caller's
  const body: number[] = [];
  if (track.name) body.push(0, 0xff, 0x03, ...varLen(track.name.length), ...ascii(track.name));
  let last = 0;
  for (const e of events) {
    body.push(...varLen(e.tick - last), ...e.bytes);
    last = e.tick;
  }
  const end = Math.max(last, Math.round(track.endTick ?? last));
  body.push(...varLen(end - last), 0xff, 0x2f, 0);
  return [...ascii('MTrk'), ...u32(body.length), ...body];
}

/** A format-1 file: the first track carries tempo and meter, the others the music. */
export function writeSmf(ppq: number, tracks: SmfTrack[]): Uint8Array {
  const head = [...ascii('MThd'), ...u32(6), 0, 1, (tracks.length >> 8) & 255, tracks.length & 255, (ppq >> 8) & 255, ppq & 255];
  return new Uint8Array([...head, ...tracks.flatMap(trackBytes)]);
}
