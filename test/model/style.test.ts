// Style tokens (model/style.ts): a model prepared with --style is asked for a style by the token after BOS,
// and keeps it in front of every rolled window; a model without style tokens refuses an explicit --style in
// one line and quietly leaves out a preset's (a preference). Tiny models: the fixture, and the same graphs
// with a style tokenizer (styleModel.ts).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Decoder } from '../../src/model/decoder.ts';
import { LoadedModel } from '../../src/model/loadedModel.ts';
import { generateLoop } from '../../src/model/loop.ts';
import { checkStyleFlag, STYLES, stylesOf } from '../../src/model/style.ts';
import { firstGrammarError } from '../../src/sampling/grammar.ts';
import { loadPreset, parsePreset } from '../../src/sampling/presets.ts';
import { DEFAULT_SAMPLER } from '../../src/sampling/types.ts';
import { styleModel, TINY } from './styleModel.ts';

const STYLE_DIR = styleModel();
let styled: LoadedModel;
let plain: LoadedModel;
beforeAll(async () => {
  styled = await LoadedModel.open(STYLE_DIR, { device: 'cpu', threads: 1 });
  plain = await LoadedModel.open(TINY, { device: 'cpu', threads: 1 });
});
afterAll(async () => {
  await styled.close();
  await plain.close();
});

/** Four bars of one note each, in the model's own ids. */
function seedOf(m: LoadedModel): number[] {
  const id = (t: string) => m.tokenizer.tokenId(t)!;
  const bar = [id('Bar_None'), id('TimeSig_4/4'), id('Position_0'), id('Pitch_60'), id('Velocity_95'), id('Duration_1.0.6')];
  return [id('BOS_None'), ...bar, ...bar, ...bar, ...bar];
}

/** Every window the model was given to prefill (the first one, and each roll's), while generating. */
async function windows(m: LoadedModel, decoder: Decoder, style: string | undefined, bars = 2) {
  const seen: number[][] = [];
  const original = decoder.forward.bind(decoder);
  const forward = vi.spyOn(decoder, 'forward').mockImplementation((tokens, seq) => {
    if (seq > 1 && Array.isArray(tokens)) for (const row of tokens) seen.push(Array.from(row));
    return original(tokens, seq);
  });
  const refill = vi.spyOn(decoder, 'refill'); // a row that rolls alone (its window goes to forwardRow)
  const req = { seedIds: seedOf(m), bars, sampler: { ...DEFAULT_SAMPLER, style: style as never }, rngSeed: 5, candidates: 2 };
  const got = await generateLoop(decoder, m.table, req);
  seen.push(...refill.mock.calls.map(([, tokens]) => tokens));
  forward.mockRestore();
  refill.mockRestore();
  return { seen, got, seed: req.seedIds };
}

describe('a model with style tokens', () => {
  it('has them as special ids: asked for by name, never sampled inside a loop', () => {
    expect(stylesOf(styled.tokenizer.vocab)).toEqual(['game', 'piano', 'folk', 'jazz']);
    for (const s of ['game', 'piano', 'folk', 'jazz']) expect(styled.table.specialIds.has(styled.table.styleIds.get(s)!)).toBe(true);
  });

  it('--style game: [BOS, Style_game] heads the prompt and every rolled window; the loop is whole and valid', async () => {
    const small = new Decoder(styled.opened.session, { ...styled.manifest, contextLength: 96 });
    const { seen, got, seed } = await windows(styled, small, 'game', 8);
    const head = [seed[0], styled.table.styleIds.get('game')!];
    expect(seen[0]).toEqual([...head, ...seed.slice(1)]);
    expect(got.rolls).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(2);
    for (const w of seen) expect(w.slice(0, 3)).toEqual([...head, styled.table.barId]);
    expect(got.ids.filter((id) => id === styled.table.barId)).toHaveLength(8);
    expect(got.style).toBe('game');
    expect(firstGrammarError(styled.table, [...seed, ...got.ids, styled.table.barId])).toBe(-1);
  });

  it.each([undefined, 'none'])('style %s: no token, the seed as it is', async (style) => {
    const { seen, seed } = await windows(styled, styled.decoder, style);
    expect(seen[0]).toEqual(seed);
  });
});

describe('a model without style tokens', () => {
  it("a preset's style is a preference it cannot take: left out, the same loop as without", async () => {
    const asked = await windows(plain, plain.decoder, 'folk');
    const none = await windows(plain, plain.decoder, undefined);
    expect(asked.seen[0]).toEqual(asked.seed);
    expect(asked.got.ids).toEqual(none.got.ids);
    expect(asked.got.style).toBeNull();
  });
});

describe('an explicit --style is checked against the model', () => {
  it.each([
    { style: undefined, model: 'plain', error: null },
    { style: 'none', model: 'plain', error: null },
    { style: 'game', model: 'styled', error: null },
    { style: 'jazz', model: 'styled', error: null },
    { style: 'game', model: 'plain', error: /^--style game: model .*tiny-model.* has no style tokens/ },
    { style: 'rock', model: 'styled', error: /^--style rock: must be one of none, game, piano, folk, jazz$/ },
  ])('--style $style on the $model model', ({ style, model, error }) => {
    const m = model === 'plain' ? plain : styled;
    const check = () => checkStyleFlag(style, m.tokenizer.vocab, m.dir);
    if (error) expect(check).toThrow(error);
    else expect(check).not.toThrow();
  });

  it('a model with some styles names the ones it has', () => {
    expect(() => checkStyleFlag('jazz', ['PAD_None', 'Style_game', 'Style_folk', 'Bar_None'], 'm')).toThrow('--style jazz: model m has no Style_jazz token (it has: game, folk)');
  });
});

describe('presets name a style', () => {
  it('folk and game ask for theirs; the table lists the names', async () => {
    expect(STYLES).toEqual(['none', 'game', 'piano', 'folk', 'jazz']);
    expect((await loadPreset('folk')).sampler.style).toBe('folk');
    expect((await loadPreset('game')).sampler.style).toBe('game');
  });

  it('a style that is not one of the names is refused, naming the field', () => {
    const p = { sampler: { ...DEFAULT_SAMPLER, style: 'rock' }, bars: 8, seedBars: 4, candidates: 1 };
    expect(() => parsePreset(p, 'x.json')).toThrow(/^x\.json: bad field "sampler\.style"/);
  });
});
