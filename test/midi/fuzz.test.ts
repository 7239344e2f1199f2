// Arbitrary bytes into the MIDI file reader and the byte codec: a result or a UserError, never another
// exception, never a hang. FUZZ_RUNS sets the cases per property (npm test: 500; the full run: 10000).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { type MidiMessage, MidiParser, parseMidi } from '../../src/midi/codec.ts';
import { readMidiReport } from '../../src/midi/file.ts';
import { goodSeed, smf } from '../commands/brokenFiles.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const TIMEOUT = Math.max(30_000, RUNS * 20); // a hang fails the test instead of stalling the run

/** Parsed, or refused with a UserError: anything else escapes and fails the property. */
function readOrRefuse(bytes: Uint8Array): boolean {
  try {
    const r = readMidiReport(bytes);
    for (const t of r.score.tracks) for (const n of t.notes) if (!(n.duration >= 0 && n.pitch <= 127 && n.velocity >= 1)) return false;
    return true;
  } catch (e) {
    if (e instanceof UserError) return !e.message.includes('\n');
    throw e;
  }
}

const HEAD = smf([]).subarray(0, 22); // MThd + an MTrk header; the body and its length come from fast-check
const track = (body: Uint8Array, len: number) => new Uint8Array([...HEAD.subarray(0, 18), (len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff, ...body]);

describe('MIDI file reader under arbitrary bytes', () => {
  it('any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), readOrRefuse), { numRuns: RUNS });
  }, TIMEOUT);

  it('a valid header, then any track body (with its true or a wrong length)', () => {
    const body = fc.uint8Array({ maxLength: 600 });
    fc.assert(
      fc.property(body, fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 0xffffffff })), (b, len) => readOrRefuse(track(b, len < 0 ? b.length : len))),
      { numRuns: RUNS },
    );
  }, TIMEOUT);

  it('a valid file with bytes overwritten or cut', () => {
    const seed = goodSeed();
    const edit = fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 });
    fc.assert(
      fc.property(edit, fc.nat(seed.length), (edits, cut) => {
        const bytes = seed.slice(0, Math.max(cut, 14));
        for (const [at, v] of edits) if (at < bytes.length) bytes[at] = v;
        return readOrRefuse(bytes);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);
});

const valid = (m: MidiMessage) => {
  const v = m as unknown as Record<string, number>;
  const seven = ['note', 'velocity', 'controller', 'value', 'program', 'pressure'].every((k) => !(k in v) || m.type === 'pitchBend' || (v[k] >= 0 && v[k] <= 127));
  return seven && (!('channel' in v) || (v.channel >= 0 && v.channel <= 15));
};

describe('MIDI byte codec under arbitrary bytes', () => {
  it('never throws, keeps every value in range, and gives the same messages however the bytes are split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(400), { maxLength: 6 }), (bytes, cuts) => {
        const whole = parseMidi(bytes);
        const parser = new MidiParser();
        const pieces: MidiMessage[] = [];
        let from = 0;
        for (const cut of [...cuts.map((c) => Math.min(c, bytes.length)).sort((a, b) => a - b), bytes.length]) {
          parser.feed(bytes.subarray(from, Math.max(from, cut)), (m) => pieces.push(m));
          from = Math.max(from, cut);
        }
        expect(pieces).toEqual(whole);
        return whole.every(valid);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);
});
