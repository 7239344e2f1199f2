// Bad input gets one clear UserError (or a documented skip), never a crash or a wrong id.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Tokenizer, loadTokenizer } from '../../src/tokenizer/index.ts';
import { readMidi } from '../../src/midi/file.ts';
import { UserError } from '../../src/errors.ts';
import type { Score } from '../../src/types.ts';

const fixture = (name: string) => new URL(`../fixtures/tokenizer/${name}`, import.meta.url);
const shippedText = readFileSync(fixture('tokenizers/shipped.json'), 'utf8');
const shipped = () => Tokenizer.fromJSON(shippedText);
const band = new Uint8Array(readFileSync(fixture('band_drums.mid')));

describe('corrupt MIDI', () => {
  it.each([
    ['empty', new Uint8Array(0), /not a MIDI file/],
    ['text', new TextEncoder().encode('hello, this is not a midi file'), /not a MIDI file/],
    ['truncated inside a track', band.subarray(0, 300), /corrupt MIDI file/],
    ['truncated inside a chunk header', band.subarray(0, 100), /corrupt MIDI file/],
    ['cut one byte short', band.subarray(0, band.length - 1), /corrupt MIDI file/],
  ])('%s -> UserError', (_name, bytes, message) => {
    expect(() => shipped().encodeMidi(bytes)).toThrow(UserError);
    expect(() => shipped().encodeMidi(bytes)).toThrow(message);
  });

  it('a data byte above 127 inside a track is refused', () => {
    const bad = band.slice();
    const at = bad.indexOf(0x90, 30); // first note-on of a later track
    bad[at + 1] = 0xc8; // its pitch byte now looks like a status byte
    expect(() => readMidi(bad)).toThrow(UserError);
  });

  it('a header with no tracks yet is an empty score, as symusic loads it', () => {
    expect(readMidi(band.subarray(0, 14)).tracks).toEqual([]);
  });
});

describe('tokenizer.json checks', () => {
  const base = () => JSON.parse(shippedText);
  it('refuses another tokenization', () => {
    const obj = base();
    obj.tokenization = 'TSD';
    expect(() => Tokenizer.fromJSON(obj)).toThrow(/tokenization is "TSD", only "REMI"/);
  });
  it('refuses an unknown (newer) config option', () => {
    const obj = base();
    obj.config.use_quantum_notes = true;
    expect(() => Tokenizer.fromJSON(obj)).toThrow(/unknown config option "use_quantum_notes"/);
  });
  it('refuses an unknown top-level field', () => {
    const obj = base();
    obj.new_field = 1;
    expect(() => Tokenizer.fromJSON(obj)).toThrow(UserError);
  });
  it('refuses options this port does not implement instead of emitting other ids', () => {
    const obj = base();
    obj.config.use_pitch_bends = true;
    expect(() => Tokenizer.fromJSON(obj)).toThrow(/use_pitch_bends is not supported/);
  });
  it('refuses a MidiTok 2 file', () => {
    const obj = base();
    obj.miditok_version = '2.1.7';
    expect(() => Tokenizer.fromJSON(obj)).toThrow(/not 3.x/);
  });
  it('loadTokenizer names the file on errors', async () => {
    await expect(loadTokenizer('/nonexistent/tokenizer.json')).rejects.toThrow(/cannot read tokenizer file/);
  });
  it('keeps the file order of time_signature_range, which JSON.parse would lose', () => {
    const fromText = shipped();
    expect(fromText.vocab.at(-1)).toBe('TimeSig_4/4');
    expect(fromText.vocab.indexOf('TimeSig_3/8')).toBe(343);
  });
});

describe('out-of-range values', () => {
  const score = (notes: Score['tracks'][number]['notes']): Score => ({
    ticksPerQuarter: 480, tempos: [], timeSignatures: [], tracks: [{ program: 0, isDrum: false, notes }],
  });
  it('skips pitches outside pitch_range, as MidiTok does (documented skip)', () => {
    const tok = shipped();
    const inRange = tok.encodeScore(score([{ pitch: 60, velocity: 90, start: 0, duration: 480 }]));
    const withLow = tok.encodeScore(score([
      { pitch: 60, velocity: 90, start: 0, duration: 480 },
      { pitch: 5, velocity: 90, start: 0, duration: 480 },
      { pitch: 120, velocity: 90, start: 240, duration: 480 },
    ]));
    expect(withLow).toEqual(inRange);
  });
  it('refuses notes that are not MIDI notes or not on integer ticks', () => {
    const tok = shipped();
    expect(() => tok.encodeScore(score([{ pitch: 200, velocity: 90, start: 0, duration: 1 }]))).toThrow(/pitch 200/);
    expect(() => tok.encodeScore(score([{ pitch: 60, velocity: 90, start: -3, duration: 1 }]))).toThrow(UserError);
    expect(() => tok.encodeScore(score([{ pitch: 60, velocity: 90, start: 1.5, duration: 1 }]))).toThrow(UserError);
    expect(() => tok.encodeScore(score([{ pitch: 60, velocity: 0, start: 0, duration: 1 }]))).toThrow(/velocity 0/);
  });
  it('refuses ids outside the vocabulary when decoding', () => {
    const tok = shipped();
    expect(() => tok.decodeIds([[3, 351, 137, 999]])).toThrow(/token id 999 is outside the vocabulary/);
    expect(() => tok.typeOf(352)).toThrow(UserError);
  });
  it('decodes an incomplete note at the end of a sequence by dropping it, as MidiTok does', () => {
    const tok = shipped();
    const pitch = tok.tokenId('Pitch_60')!;
    const vel = tok.tokenId('Velocity_127')!;
    const score = tok.decodeIds([[3, 351, 137, pitch, vel]]);
    expect(score.tracks).toEqual([]);
  });
});
