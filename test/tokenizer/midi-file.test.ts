// src/midi/file.ts reads MIDI the way symusic 0.6 does (what MidiTok loads files with).
// Expected values were observed with symusic.Score.from_midi on the same bytes.
import { describe, expect, it } from 'vitest';
import { readMidi } from '../../src/midi/file.ts';

type Ev = [number, number[]];
const vlq = (n: number): number[] => {
  const out = [n & 0x7f];
  for (n >>= 7; n; n >>= 7) out.unshift((n & 0x7f) | 0x80);
  return out;
};
function smf(tracks: Ev[][], tpq = 480): Uint8Array {
  const bytes = [...'MThd'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 6, 0, 1, 0, tracks.length, tpq >> 8, tpq & 0xff]);
  for (const events of tracks) {
    const body: number[] = [];
    let now = 0;
    for (const [t, msg] of [...events].sort((a, b) => a[0] - b[0])) { body.push(...vlq(t - now), ...msg); now = t; }
    body.push(0, 0xff, 0x2f, 0);
    bytes.push(...[...'MTrk'].map((c) => c.charCodeAt(0)), (body.length >>> 24) & 0xff, (body.length >> 16) & 0xff, (body.length >> 8) & 0xff, body.length & 0xff, ...body);
  }
  return new Uint8Array(bytes);
}
const on = (t: number, p: number, c = 0, v = 100): Ev => [t, [0x90 | c, p, v]];
const off = (t: number, p: number, c = 0): Ev => [t, [0x80 | c, p, 0]];
const notes = (bytes: Uint8Array) => readMidi(bytes).tracks.map((t) => t.notes.map((n) => [n.start, n.duration, n.pitch]));

describe('readMidi follows symusic', () => {
  it('pairs overlapping same-pitch notes first-in first-out', () => {
    expect(notes(smf([[on(0, 60), on(100, 60), off(200, 60), off(300, 60)]]))).toEqual([[[0, 200, 60], [100, 200, 60]]]);
  });
  it('keeps zero-length notes, ignores a note-off before its note-on, drops unclosed notes', () => {
    expect(notes(smf([[on(0, 60), off(0, 60), on(10, 61), off(20, 61)]]))).toEqual([[[0, 0, 60], [10, 10, 61]]]);
    expect(notes(smf([[off(0, 60), on(0, 60), on(10, 61), off(20, 61)]]))).toEqual([[[10, 10, 61]]]);
  });
  it('treats note-on velocity 0 as note-off', () => {
    expect(notes(smf([[on(0, 60), [50, [0x90, 60, 0]]]]))).toEqual([[[0, 50, 60]]]);
  });
  it('splits a track per channel and program, ordered by channel then program; channel 10 is drums', () => {
    const s = readMidi(smf([[
      [0, [0xc3, 0]], on(0, 60, 3), off(5, 60, 3), [10, [0xc3, 5]], on(10, 61, 3), off(15, 61, 3),
      [0, [0xc1, 2]], on(0, 70, 1), off(5, 70, 1), on(0, 36, 9), off(5, 36, 9),
    ]]));
    expect(s.tracks.map((t) => [t.program, t.isDrum])).toEqual([[2, false], [0, false], [5, false], [0, true]]);
  });
  it('gives a note the program current at its note-on', () => {
    const s = readMidi(smf([[on(0, 60), [2, [0xc0, 5]], off(5, 60)]]));
    expect(s.tracks.map((t) => [t.program, t.notes.length])).toEqual([[0, 1]]);
  });
  it('drops note-less tracks and reads tempo and time signature meta events', () => {
    const s = readMidi(smf([[[0, [0xff, 0x51, 3, 0x07, 0xa1, 0x20]], [960, [0xff, 0x58, 4, 6, 3, 24, 8]]], [on(0, 60), off(5, 60)]]));
    expect(s.tracks).toHaveLength(1);
    expect(s.tempos).toEqual([{ tick: 0, bpm: 120 }]);
    expect(s.timeSignatures).toEqual([{ tick: 960, numerator: 6, denominator: 8 }]);
  });
  it('turns CC64 into sustain pedal spans (>= 64 down), unclosed spans dropped', () => {
    const cc = (t: number, v: number): Ev => [t, [0xb0, 64, v]];
    const s = readMidi(smf([[cc(0, 127), cc(10, 100), cc(20, 0), cc(30, 64), cc(40, 63), cc(50, 127), on(0, 60), off(5, 60)]]));
    expect(s.tracks[0].pedals).toEqual([{ start: 0, duration: 20 }, { start: 30, duration: 10 }]);
  });
  it('reproduces symusic pedal state: channels 1-15 start "down at tick 0", channel 0 "up"', () => {
    const cc = (t: number, v: number, c: number): Ev => [t, [0xb0 | c, 64, v]];
    const pedals = (c: number) => readMidi(smf([[cc(16, 0, c), on(0, 60, c), off(30, 60, c)]])).tracks[0].pedals;
    expect(pedals(0)).toBeUndefined();
    expect(pedals(1)).toEqual([{ start: 0, duration: 16 }]);
  });
  it('files a pedal sent before a program has notes under the next track of that channel, as symusic does', () => {
    const cc = (t: number, v: number, c: number): Ev => [t, [0xb0 | c, 64, v]];
    const pc = (t: number, p: number, c: number): Ev => [t, [0xc0 | c, p]];
    const spans = (bytes: Uint8Array) => readMidi(bytes).tracks.map((t) => [t.program, t.pedals ?? []]);
    // a release at tick 0 (channel 1 starts "down"), then the program change and the notes
    expect(spans(smf([[cc(0, 0, 1), pc(0, 48, 1), on(0, 60, 1), off(30, 60, 1)]]))).toEqual([[48, [{ start: 0, duration: 0 }]]]);
    // program 5 has no track yet when its pedal ends: the program-5 track created by the next note takes it
    const later = smf([[on(0, 60, 1), off(10, 60, 1), pc(20, 5, 1), cc(20, 127, 1), cc(40, 0, 1), on(50, 62, 1), off(60, 62, 1), cc(70, 127, 1), cc(80, 0, 1)]]);
    expect(spans(later)).toEqual([[0, []], [5, [{ start: 0, duration: 40 }, { start: 70, duration: 10 }]]]);
  });
  it('handles running status', () => {
    const bytes = smf([[[0, [0x90, 60, 100]], [10, [60, 0]], [10, [62, 90]], [20, [62, 0]]]]);
    expect(notes(bytes)).toEqual([[[0, 10, 60], [10, 10, 62]]]);
  });
});
