// The sampler on BPE ids (a MidiTok-trained tokenizer, vocab 1000, per-bar splitting): each learned id stands
// for its base tokens, which advance the grammar in turn and whose Bar starts a bar for the budget.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMidi } from '../../src/midi/file.ts';
import { barBudget } from '../../src/sampling/barBudget.ts';
import { candidatesOf } from '../../src/sampling/candidates.ts';
import { firstGrammarError, grammarSampler } from '../../src/sampling/grammar.ts';
import { buildTokenTable, type TokenTable } from '../../src/sampling/tokenTable.ts';
import { loadTokenizer, mergeToSingleTrack, type Tokenizer } from '../../src/tokenizer/index.ts';

const FIX = new URL('../fixtures/tokenizer/', import.meta.url).pathname;
let tok: Tokenizer;
let bpe: TokenTable;
let base: TokenTable;
let songs: number[][]; // learned ids of real pieces, as MidiTok's BPE encodes them
beforeAll(async () => {
  tok = await loadTokenizer(`${FIX}tokenizers/bpe.json`);
  bpe = buildTokenTable(tok, tok.ticksPerBeatGrid);
  base = buildTokenTable({ vocab: tok.vocab, grammar: tok.grammar }, tok.ticksPerBeatGrid);
  songs = ['piano_chords_tempos.mid', 'meters_tpq96.mid', 'band_drums.mid', 'pedals_rests_ranges.mid'].map(
    (f) => tok.encodeScore(mergeToSingleTrack(readMidi(readFileSync(`${FIX}${f}`))))[0],
  );
});

/** The learned id whose base tokens are exactly `tokens`. */
function idOf(tokens: string[]): number {
  const want = tokens.map((t) => tok.tokenId(t)!).join();
  const id = bpe.pieces!.findIndex((p) => p.join() === want);
  if (id < 0) throw new Error(`no learned id for ${tokens.join(' ')}`);
  return id;
}

describe('token table of a trained vocabulary', () => {
  it('model ids are the learned ones; bar-starting ids are exactly those whose first base token is Bar', () => {
    expect(bpe.size).toBe(tok.vocabSize);
    expect(bpe.size).toBeGreaterThan(base.size);
    expect(bpe.barIds.length).toBeGreaterThan(1); // merges such as "Bar TimeSig_4/4" start bars too
    for (let id = 0; id < bpe.size; id++) expect(bpe.startsBar[id] === 1).toBe(bpe.pieces![id][0] === bpe.barId);
    expect([...bpe.specialIds].map((id) => tok.idsToTokens([id])[0])).toEqual(['PAD_None', 'BOS_None', 'EOS_None']);
  });

  it('a learned id with a Bar inside (not split per bar) is refused', () => {
    const pieces = tok.pieces!.map((p) => [...p]);
    pieces[500] = [tok.tokenId('Position_0')!, bpe.barId];
    expect(() => buildTokenTable({ vocab: tok.vocab, grammar: tok.grammar, pieces })).toThrow(/learned token 500 has a Bar inside/);
  });
});

describe('grammar on learned ids', () => {
  it('real BPE encodings are valid', () => {
    for (const ids of songs) expect(firstGrammarError(bpe, [1, ...ids])).toBe(-1);
  });

  it('at every step of real pieces, a learned id is allowed exactly when its base tokens are, in turn', () => {
    let checked = 0;
    for (const ids of songs) {
      const g = grammarSampler(bpe);
      g.accept(1);
      for (const id of ids.slice(0, 40)) {
        const ref = grammarSampler(base); // a base-vocabulary grammar, put in g's state for each candidate
        for (let cand = 0; cand < bpe.size; cand += 3) {
          expect(g.allows(cand)).toBe(walk(ref, g, cand));
          checked++;
        }
        g.accept(id);
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it.each([
    { after: ['Bar_None', 'TimeSig_4/4', 'Position_0'], piece: ['Pitch_55', 'Velocity_111', 'Duration_0.6.12'], allowed: true, why: 'a merged note after a position' },
    { after: ['Bar_None', 'TimeSig_4/4', 'Position_0', 'Pitch_55', 'Velocity_111', 'Duration_0.6.12'], piece: ['Pitch_55', 'Velocity_111', 'Duration_0.6.12'], allowed: false, why: 'not the same pitch twice at one position' },
    { after: ['Bar_None'], piece: ['Bar_None', 'TimeSig_4/4', 'Position_0'], allowed: false, why: 'a bar gets its meter before the next bar' },
    { after: ['Bar_None', 'TimeSig_4/4', 'Position_0', 'Pitch_60', 'Velocity_71', 'Duration_2.0.3'], piece: ['Bar_None', 'TimeSig_4/4', 'Position_0'], allowed: true, why: 'a merged bar start after a whole note' },
    { after: ['Bar_None'], piece: ['Velocity_111', 'Duration_0.6.12'], allowed: false, why: 'no velocity right after a bar' },
    { after: ['Bar_None', 'TimeSig_4/4', 'Position_12'], piece: ['Position_0'], allowed: false, why: 'positions only go forward' },
    { after: ['Bar_None', 'TimeSig_4/4', 'Position_0', 'Pitch_60', 'Velocity_71', 'Duration_2.0.3'], piece: ['Bar_None'], allowed: true, why: 'a bar after a whole note' },
    { after: ['Bar_None', 'TimeSig_4/4', 'Position_0', 'Pitch_60'], piece: ['Bar_None'], allowed: false, why: 'never half a note' },
  ])('$why', ({ after, piece, allowed }) => {
    const g = grammarSampler(bpe);
    for (const t of after) g.accept(tok.tokenId(t)!); // base ids 0..351 are learned ids for the same token
    expect(g.allows(idOf(piece))).toBe(allowed);
  });

  it('accepting a learned id advances the state through all its base tokens', () => {
    const g = grammarSampler(bpe);
    g.accept(idOf(['Bar_None', 'TimeSig_4/4']));
    g.accept(idOf(['Position_0']));
    expect(g.state.position).toBe(0);
    expect(g.state.prevType).toBe('Position');
    expect(g.state.positionsPerBar).toBe(bpe.positionsPerBar.get(tok.tokenId('TimeSig_4/4')!));
  });
});

/** Reference for one candidate: copy `g`'s state into a base grammar and walk the candidate's pieces. */
function walk(ref: ReturnType<typeof grammarSampler>, g: ReturnType<typeof grammarSampler>, cand: number): boolean {
  Object.assign(ref.state, { ...g.state, pitchesHere: new Set(g.state.pitchesHere) });
  if (bpe.specialIds.has(cand)) return false;
  for (const b of bpe.pieces![cand]) {
    if (!ref.allows(b)) return false;
    ref.accept(b);
  }
  return true;
}

describe('bar budget on learned ids', () => {
  it('counts a bar for every id that starts one, and stops on the first of the bar after the last', () => {
    const b = barBudget(bpe, 2, 100);
    const barTs = idOf(['Bar_None', 'TimeSig_4/4']);
    const pos = idOf(['Position_0']);
    expect(b.isStop(barTs)).toBe(false);
    for (const id of [barTs, pos, bpe.barIds[0], pos]) b.accept(id);
    expect(b.barsStarted()).toBe(2);
    for (const id of bpe.barIds) expect(b.isStop(id)).toBe(true);
    expect(b.isStop(pos)).toBe(false);
  });

  it('at its cap a bar may only be closed, by any id that starts the next one', () => {
    const b = barBudget(bpe, 4, 3);
    for (const id of [idOf(['Bar_None', 'TimeSig_4/4']), idOf(['Position_0']), 60]) b.accept(id);
    const c = candidatesOf(new Float32Array(bpe.size));
    b.apply(c);
    const open = [...c.logits.keys()].filter((id) => c.logits[id] !== -Infinity);
    expect(open.sort((x, y) => x - y)).toEqual(bpe.barIds.filter((id) => !bpe.specialIds.has(id)));
  });
});
