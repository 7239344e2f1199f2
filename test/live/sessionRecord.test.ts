import { describe, expect, it } from 'vitest';
import { SessionRecorder } from '../../src/live/sessionRecord.ts';
import { readSmf } from '../midi/smfRead.ts';

describe('session recorder', () => {
  it('places messages at their clock ticks, keeps tempo changes, and puts a restarted take after the last', () => {
    let tick = 0;
    let bpm = 0;
    const rec = new SessionRecorder('unused.mid', { beatsPerBar: 4, beatUnit: 4 }, { position: () => tick, bpm: () => bpm });
    rec.tempo(); // tempo not known yet: nothing
    bpm = 100;
    tick = 24;
    rec.tempo(); // the first known tempo holds from bar 1
    rec.sent({ type: 'clock' }); // not music
    rec.sent({ type: 'noteOn', channel: 2, note: 60, velocity: 90 });
    tick = 48;
    bpm = 100.05; // under 0.1%: the same tempo
    rec.tempo();
    rec.sent({ type: 'noteOff', channel: 2, note: 60, velocity: 0 });
    tick = 100;
    bpm = 110;
    rec.tempo();
    tick = 0; // Start from the top: the next take begins on the bar line after the last event (192)
    rec.sent({ type: 'noteOn', channel: 2, note: 62, velocity: 90 });
    tick = 6;
    rec.sent({ type: 'noteOff', channel: 2, note: 62, velocity: 0 });
    rec.sent({ type: 'programChange', channel: 2, program: 4 });
    const f = readSmf(rec.toMidi());
    expect(f.tempos.map((t) => [t.tick, Math.round(t.bpm * 100) / 100])).toEqual([[0, 100], [2000, 110]]);
    expect(f.meters).toEqual([{ tick: 0, numerator: 4, denominator: 4 }]);
    expect(f.notes.map((n) => [n.tick, n.on, n.pitch, n.channel])).toEqual([[480, true, 60, 2], [960, false, 60, 2], [3840, true, 62, 2], [3960, false, 62, 2]]);
    expect(f.programs).toEqual([{ tick: 3960, channel: 2, program: 4 }]);
    expect(rec.messages).toBe(5);
  });
});
