// The grammar mask and bar budget on MidiTok's own vocabulary, driven by random logits (no model needed).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loopSampler } from '../../src/sampling/chain.ts';
import { firstGrammarError } from '../../src/sampling/grammar.ts';
import { seededRng } from '../../src/sampling/rng.ts';
import { buildTokenTable } from '../../src/sampling/tokenTable.ts';
import { DEFAULT_SAMPLER } from '../../src/sampling/types.ts';
import { drawLoop } from './drawLoop.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/sampling/remi-vocab.json', import.meta.url), 'utf8'));
const vocab: string[] = fixture.vocab;
const table = buildTokenTable(fixture);
const id = (token: string) => vocab.indexOf(token);
const TS44 = id('TimeSig_4/4');
const TS34 = id('TimeSig_3/4');
// A one-bar 4/4 seed: BOS Bar TimeSig Position_0 Pitch_60 Velocity_.. Duration_1.0.6
const SEED = [id('BOS_None'), id('Bar_None'), TS44, id('Position_0'), id('Pitch_60'), id('Velocity_63'), id('Duration_1.0.6')];

/** Generate from random logits (biased towards Bar and EOS, to tempt early ends). */
function sampleLoop(rngSeed: number, bars: number, timeSigId = TS44, temperature = 1, maxTokensPerBar = 60) {
  const s = loopSampler({ table, settings: { ...DEFAULT_SAMPLER, temperature }, bars, maxTokensPerBar, rngSeed, timeSigId });
  s.prime(SEED);
  const noise = seededRng(rngSeed ^ 0x5eed);
  return drawLoop(s, () => {
    const logits = new Float32Array(vocab.length);
    for (let i = 0; i < logits.length; i++) logits[i] = 4 * noise.next();
    logits[table.barId] += 2;
    logits[id('EOS_None')] += 10;
    return logits;
  });
}

/** An independent check of the REMI shape of a loop: Bar TimeSig (Position (Pitch Velocity Duration)+)*. */
function loopError(ids: number[], bars: number, positionsPerBar: number, timeSig: string): string | null {
  const t = ids.map((i) => vocab[i]);
  const bad = (i: number, why: string) => `token ${i} (${t[i]}): ${why}`;
  if (t.filter((x) => x === 'Bar_None').length !== bars) return `not ${bars} bars`;
  let i = 0;
  while (i < t.length) {
    if (t[i] !== 'Bar_None') return bad(i, 'expected Bar');
    if (t[++i] !== timeSig) return bad(i, `expected ${timeSig}`);
    i++;
    let pos = -1;
    while (i < t.length && t[i] !== 'Bar_None') {
      if (!t[i].startsWith('Position_')) return bad(i, 'expected Position');
      const p = Number(t[i].split('_')[1]);
      if (p <= pos || p >= positionsPerBar) return bad(i, 'position out of order or past the bar');
      pos = p;
      i++;
      const pitches = new Set<string>();
      do {
        if (!t[i]?.startsWith('Pitch_') || pitches.has(t[i])) return bad(i, 'expected a new Pitch');
        pitches.add(t[i++]);
        if (!t[i]?.startsWith('Velocity_')) return bad(i, 'expected Velocity');
        if (!t[++i]?.startsWith('Duration_')) return bad(i, 'expected Duration');
        i++;
      } while (i < t.length && t[i].startsWith('Pitch_'));
    }
  }
  return null;
}

describe('loop sampler (grammar + bar budget)', () => {
  it('200 random loops are grammar-valid and exactly N bars', () => {
    const noise = seededRng(42);
    for (let n = 0; n < 200; n++) {
      const bars = 1 + Math.floor(noise.next() * 8);
      const temperature = 0.2 + noise.next() * 1.8;
      const threeFour = n % 3 === 0;
      const ids = sampleLoop(n, bars, threeFour ? TS34 : TS44, temperature);
      expect(loopError(ids, bars, threeFour ? 36 : 48, threeFour ? 'TimeSig_3/4' : 'TimeSig_4/4')).toBeNull();
      expect(firstGrammarError(table, [...SEED, ...ids])).toBe(-1);
    }
  });

  it('same rng seed, same loop; another seed, another loop', () => {
    expect(sampleLoop(3, 4)).toEqual(sampleLoop(3, 4));
    expect(sampleLoop(3, 4)).not.toEqual(sampleLoop(4, 4));
  });

  it('a bar that reaches its token cap ends at the next complete note', () => {
    const ids = sampleLoop(5, 4, TS44, 1, 12);
    expect(loopError(ids, 4, 48, 'TimeSig_4/4')).toBeNull();
    let start = 0;
    for (let i = 1; i <= ids.length; i++) {
      if (i === ids.length || ids[i] === table.barId) {
        expect(i - start).toBeLessThanOrEqual(12 + 3);
        start = i;
      }
    }
  });

  it('the grammar check finds the first bad token', () => {
    const bad = [...SEED, id('Bar_None'), TS44, id('Position_12'), id('Position_6')];
    expect(firstGrammarError(table, bad)).toBe(bad.length - 1);
    expect(firstGrammarError(table, [...SEED, id('Velocity_63')])).toBe(SEED.length);
    expect(firstGrammarError(table, [...SEED, id('Pitch_60')])).toBe(SEED.length); // same pitch, same position
  });
});
