import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MidiParser, encodeMidi, parseMidi, type MidiMessage } from '../../src/midi/codec.ts';

describe('MIDI codec', () => {
  it('parses running status and note-on velocity 0 as note-off', () => {
    expect(parseMidi([0x90, 60, 100, 62, 90, 60, 0])).toEqual([
      { type: 'noteOn', channel: 0, note: 60, velocity: 100 },
      { type: 'noteOn', channel: 0, note: 62, velocity: 90 },
      { type: 'noteOff', channel: 0, note: 60, velocity: 0 },
    ]);
  });

  it('delivers real-time bytes from inside other messages without breaking them', () => {
    expect(parseMidi([0x93, 0xf8, 64, 0xfa, 70, 0xf8])).toEqual([
      { type: 'clock' },
      { type: 'start' },
      { type: 'noteOn', channel: 3, note: 64, velocity: 70 },
      { type: 'clock' },
    ]);
  });

  it('skips SysEx whole, even with clock inside, and cancels running status', () => {
    const bytes = [0x90, 60, 1, 0xf0, 0x7e, 0x7f, 0xf8, 0x09, 0x01, 0xf7, 61, 1, 0xb2, 64, 127];
    expect(parseMidi(bytes)).toEqual([
      { type: 'noteOn', channel: 0, note: 60, velocity: 1 },
      { type: 'clock' },
      { type: 'cc', channel: 2, controller: 64, value: 127 },
    ]);
  });

  it('parses Song Position Pointer and pitch bend', () => {
    expect(parseMidi([0xf2, 0x10, 0x01, 0xe0, 0x00, 0x40])).toEqual([
      { type: 'songPosition', sixteenths: 0x10 + (1 << 7) },
      { type: 'pitchBend', channel: 0, value: 0 },
    ]);
  });

  it('joins messages split across chunks', () => {
    const parser = new MidiParser();
    const out: MidiMessage[] = [];
    for (const chunk of [[0x80], [60], [0xf8, 0], [0xc1, 5]]) parser.feed(chunk, (m) => out.push(m));
    expect(out).toEqual([{ type: 'clock' }, { type: 'noteOff', channel: 0, note: 60, velocity: 0 }, { type: 'programChange', channel: 1, program: 5 }]);
  });

  const message: fc.Arbitrary<MidiMessage> = fc.oneof(
    fc.record({ type: fc.constant('noteOn' as const), channel: fc.integer({ min: 0, max: 15 }), note: fc.integer({ min: 0, max: 127 }), velocity: fc.integer({ min: 1, max: 127 }) }),
    fc.record({ type: fc.constant('noteOff' as const), channel: fc.integer({ min: 0, max: 15 }), note: fc.integer({ min: 0, max: 127 }), velocity: fc.integer({ min: 0, max: 127 }) }),
    fc.record({ type: fc.constant('cc' as const), channel: fc.integer({ min: 0, max: 15 }), controller: fc.integer({ min: 0, max: 127 }), value: fc.integer({ min: 0, max: 127 }) }),
    fc.record({ type: fc.constant('songPosition' as const), sixteenths: fc.integer({ min: 0, max: 16383 }) }),
    fc.constantFrom<MidiMessage>({ type: 'clock' }, { type: 'start' }, { type: 'stop' }, { type: 'continue' }),
  );

  it('round-trips any message sequence through bytes', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 50 }), (msgs) => {
        expect(parseMidi(msgs.flatMap(encodeMidi))).toEqual(msgs);
      }),
    );
  });

  it('never throws on corrupt streams and recovers at the next status byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(message, { minLength: 1, maxLength: 5 }), (garbage, msgs) => {
        const parser = new MidiParser();
        const out: MidiMessage[] = [];
        parser.feed(garbage, (m) => out.push(m));
        // After garbage (perhaps inside an open SysEx), a complete EOX + message parses cleanly.
        out.length = 0;
        parser.feed([0xf7, ...msgs.flatMap(encodeMidi)], (m) => out.push(m));
        expect(out).toEqual(msgs);
      }),
    );
  });
});
