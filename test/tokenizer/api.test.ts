// The API others build on: vocabulary layout of the shipped config, grammar, types, helpers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Tokenizer, mergeToSingleTrack, quantizeScore } from '../../src/tokenizer/index.ts';
import { benchTokenizer, fiveMinuteScore } from '../../src/tokenizer/encodeBench.ts';
import { readMidi, writeMidi } from '../../src/midi/file.ts';

const fixture = (name: string) => new URL(`../fixtures/tokenizer/${name}`, import.meta.url);
const load = (name: string) => Tokenizer.fromJSON(readFileSync(fixture(`tokenizers/${name}.json`), 'utf8'));

describe('shipped config (team contract)', () => {
  const tok = load('shipped');
  it('has the 352-token vocabulary with specials first and Bar_None at 3', () => {
    expect(tok.vocab.length).toBe(352);
    expect([tok.specialId('PAD'), tok.specialId('BOS'), tok.specialId('EOS'), tok.tokenId('Bar_None')]).toEqual([0, 1, 2, 3]);
    expect(tok.specialId('MASK')).toBeUndefined();
    expect(tok.vocab[4]).toBe('Pitch_21');
    expect(tok.ticksPerBeatGrid).toBe(12);
    expect(tok.isTrained).toBe(false);
  });
  it('types every id', () => {
    const types = new Set(tok.vocab.map((_, id) => tok.typeOf(id)));
    expect([...types].sort()).toEqual(['BOS', 'Bar', 'Duration', 'EOS', 'PAD', 'Pitch', 'PitchDrum', 'Position', 'TimeSig', 'Velocity']);
  });
  it("has MidiTok's token-type grammar", () => {
    expect(tok.grammar.Bar).toEqual(['EOS', 'PAD', 'TimeSig']);
    expect(tok.grammar.TimeSig).toEqual(['Bar', 'EOS', 'PAD', 'Pitch', 'PitchDrum', 'Position']);
    expect(tok.grammar.Position).toEqual(['EOS', 'PAD', 'Pitch', 'PitchDrum']);
    expect(tok.grammar.Pitch).toEqual(['EOS', 'PAD', 'Velocity']);
    expect(tok.grammar.Duration).toEqual(['Bar', 'EOS', 'PAD', 'Pitch', 'PitchDrum', 'Position']);
    expect(tok.grammar.EOS).toEqual([]);
  });
  it('every encoded sequence follows the grammar', () => {
    const ids = tok.encodeMidi(new Uint8Array(readFileSync(fixture('meters_tpq96.mid'))));
    for (const seq of ids) {
      for (let i = 1; i < seq.length; i++) expect(tok.grammar[tok.typeOf(seq[i - 1])]).toContain(tok.typeOf(seq[i]));
    }
  });
});

describe('trained (BPE) tokenizer', () => {
  const bpe = load('bpe');
  const base = load('shipped');
  it('encodes to learned ids that decode to the same notes as the base tokenizer', () => {
    const bytes = new Uint8Array(readFileSync(fixture('piano_chords_tempos.mid')));
    const learned = bpe.encodeMidi(bytes);
    const plain = base.encodeMidi(bytes);
    expect(learned[0].length).toBeLessThan(plain[0].length);
    expect(learned.flat().some((id) => id >= bpe.vocab.length)).toBe(true);
    expect(bpe.decodeIds(learned)).toEqual(base.decodeIds(plain));
    expect(bpe.vocabSize).toBe(1000);
  });
});

describe('helpers', () => {
  it('mergeToSingleTrack drops drums and merges pitched tracks sorted by (start, pitch), program 0', () => {
    const score = readMidi(new Uint8Array(readFileSync(fixture('band_drums.mid'))));
    const merged = mergeToSingleTrack(score);
    expect(merged.tracks).toHaveLength(1);
    expect(merged.tracks[0].program).toBe(0);
    const pitched = score.tracks.filter((t) => !t.isDrum).reduce((n, t) => n + t.notes.length, 0);
    expect(merged.tracks[0].notes).toHaveLength(pitched);
    const keys = merged.tracks[0].notes.map((n) => n.start * 128 + n.pitch);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
  });
  it('quantizeScore snaps onsets to the grid the way the tokenizer resamples', () => {
    const tok = load('shipped');
    const score = { ticksPerQuarter: 480, tempos: [], timeSignatures: [], tracks: [{ program: 0, isDrum: false, notes: [
      { pitch: 60, velocity: 100, start: 19, duration: 5 }, { pitch: 62, velocity: 100, start: 20, duration: 500 },
    ] }] };
    const q = quantizeScore(score, tok.ticksPerBeatGrid);
    expect(q.tracks[0].notes.map((n) => [n.start, n.duration])).toEqual([[0, 1], [1, 13]]);
    expect(tok.encodeScore(q)).toEqual(tok.encodeScore(score));
  });
  it('writeMidi -> readMidi keeps notes, programs and drums', () => {
    const score = fiveMinuteScore();
    const back = readMidi(writeMidi(score));
    expect(back.tracks.map((t) => [t.program, t.isDrum, t.notes.length])).toEqual(score.tracks.map((t) => [t.program, t.isDrum, t.notes.length]));
    expect(back.tracks[2].notes.slice(0, 3)).toEqual(score.tracks[2].notes.slice(0, 3));
  });
  it('benchTokenizer encodes the 5-minute four-track file', async () => {
    const r = await benchTokenizer(new URL('../fixtures/tokenizer/tokenizers/shipped.json', import.meta.url).pathname);
    expect(r.notes).toBe(7800);
    expect(r.tokens).toBeGreaterThan(r.notes * 3);
    expect(r.ms).toBeGreaterThan(0);
  });
});
