// Whole loops from the tiny model: always grammar-valid, exactly N bars, reproducible, scored.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Decoder } from '../../src/model/decoder.ts';
import { generateLoop } from '../../src/model/loop.ts';
import { KEEP_ON_ROLL } from '../../src/model/limits.ts';
import { keptWindow } from '../../src/model/window.ts';
import { loadManifest } from '../../src/model/manifest.ts';
import { openSession, type OpenedSession } from '../../src/model/session.ts';
import type { GenerateEvent } from '../../src/model/types.ts';
import { candidatesOf } from '../../src/sampling/candidates.ts';
import { loopSampler } from '../../src/sampling/chain.ts';
import { firstGrammarError } from '../../src/sampling/grammar.ts';
import { seededRng } from '../../src/sampling/rng.ts';
import { buildTokenTable } from '../../src/sampling/tokenTable.ts';
import { DEFAULT_SAMPLER } from '../../src/sampling/types.ts';

const DIR = new URL('../fixtures/tiny-model/', import.meta.url).pathname;
const fixture = JSON.parse(readFileSync(new URL('../fixtures/sampling/remi-vocab.json', import.meta.url), 'utf8'));
const vocab: string[] = fixture.vocab;
const table = buildTokenTable(fixture);
const METERS = ['TimeSig_4/4', 'TimeSig_3/4', 'TimeSig_6/8'].map((t) => vocab.indexOf(t));

/** A random valid seed of 1-4 bars in a random meter (drawn through the grammar from noise). */
function randomSeed(n: number): number[] {
  const noise = seededRng(1000 + n);
  const bars = 1 + Math.floor(noise.next() * 4);
  const s = loopSampler({ table, settings: DEFAULT_SAMPLER, bars, maxTokensPerBar: 30, rngSeed: n, timeSigId: METERS[n % 3] });
  const ids = [1];
  s.prime(ids);
  for (;;) {
    const c = candidatesOf(Float32Array.from(vocab, () => 3 * noise.next()));
    s.apply(c);
    if (s.budget.isStop(c.selected)) return ids;
    s.accept(c.selected);
    ids.push(c.selected);
  }
}

function barCount(ids: number[]): number {
  return ids.filter((id) => id === table.barId).length;
}

let opened: OpenedSession;
let small: Decoder; // fp32, with the context cut to 160 tokens so that loops must roll
let decoder: Decoder;
// fp32 for the exact checks: int8's dynamic quantization scales activations over the whole input, so a
// batch or a multi-token pass rounds differently from single steps.
let opened32: OpenedSession;
let exact: Decoder;
beforeAll(async () => {
  const manifest = loadManifest(DIR);
  opened = await openSession(DIR, manifest, { device: 'cpu', threads: 1 });
  decoder = new Decoder(opened.session, manifest);
  opened32 = await openSession(DIR, manifest, { device: 'cpu', threads: 1, precision: 'fp32' });
  exact = new Decoder(opened32.session, manifest);
  small = new Decoder(opened32.session, { ...manifest, contextLength: 160 });
});
afterAll(async () => {
  await opened.session.release();
  await opened32.session.release();
});

describe('generateLoop on the tiny model', () => {
  it('200 random seeds and temperatures: every loop grammar-valid and exactly N bars', async () => {
    const noise = seededRng(7);
    let loops = 0;
    for (let n = 0; n < 13; n++) {
      const seedIds = randomSeed(n);
      const bars = 1 + Math.floor(noise.next() * 4);
      const sampler = { ...DEFAULT_SAMPLER, temperature: 0.3 + noise.next() * 1.7, topK: n % 2 ? 20 : 0 };
      const candidateIds: number[][] = Array.from({ length: 16 }, () => []);
      const result = await generateLoop(decoder, table, { seedIds, bars, sampler, rngSeed: n, candidates: 16, maxBarTokens: 32 }, {
        onEvent: (e) => e.type === 'token' && candidateIds[e.candidate ?? 0].push(e.id),
      });
      for (const ids of candidateIds) {
        loops++;
        expect(barCount(ids)).toBe(bars);
        expect(ids[0]).toBe(table.barId);
        expect(firstGrammarError(table, [...seedIds, ...ids, table.barId], { timeSigId: METERS[n % 3] })).toBe(-1);
      }
      expect(candidateIds).toContainEqual(result.ids);
      expect(result.candidates).toHaveLength(16);
      expect(Math.max(...result.candidates.map((c) => c.loopScore))).toBe(result.loopScore);
    }
    expect(loops).toBeGreaterThanOrEqual(200);
  });

  it('same rng seed, same loop; bars stream out as they complete', async () => {
    const seedIds = randomSeed(3);
    const req = { seedIds, bars: 4, sampler: DEFAULT_SAMPLER, rngSeed: 99, candidates: 1 };
    const events: GenerateEvent[] = [];
    const a = await generateLoop(decoder, table, req, { onEvent: (e) => events.push(e) });
    const b = await generateLoop(decoder, table, req);
    expect(b.ids).toEqual(a.ids);
    expect((await generateLoop(decoder, table, { ...req, rngSeed: 100 })).ids).not.toEqual(a.ids);
    const bars = events.filter((e) => e.type === 'bar');
    expect(bars.map((e) => e.index)).toEqual([0, 1, 2, 3]);
    expect(bars.flatMap((e) => e.ids)).toEqual(a.ids);
    expect(a.loopScore).toBeLessThan(0);
    expect(a.tokens).toBe(a.ids.length);
  });

  it('the loop score is the mean log-prob of the next Bar and the first bar after the last, fed once', async () => {
    const req = { seedIds: randomSeed(7), bars: 3, sampler: DEFAULT_SAMPLER, rngSeed: 5, candidates: 1, maxBarTokens: 40 };
    const got = await generateLoop(exact, table, req);
    // Recompute it in one teacher-forced pass: seed, loop, then the Bar that would start bar N+1 and the
    // loop's first bar (ids[0] is its Bar token).
    const second = got.ids.indexOf(table.barId, 1);
    const scored = [table.barId, ...got.ids.slice(1, second < 0 ? got.ids.length : second)];
    const all = [...req.seedIds, ...got.ids, ...scored.slice(0, -1)];
    exact.reset(1);
    const { data } = await exact.forward([all], all.length);
    const V = exact.vocab;
    const first = req.seedIds.length + got.ids.length - 1; // this position predicts scored[0]
    let sum = 0;
    scored.forEach((id, j) => {
      const row = data.subarray((first + j) * V, (first + j + 1) * V);
      const max = Math.max(...row);
      const logZ = max + Math.log(row.reduce((acc, x) => acc + Math.exp(x - max), 0));
      sum += row[id] - logZ;
    });
    expect(got.loopScore).toBeCloseTo(sum / scored.length, 4);
  });

  it('candidates leave the batch when they finish; each keeps its own loop and score', async () => {
    const base = { seedIds: randomSeed(9), bars: 2, sampler: DEFAULT_SAMPLER, rngSeed: 21, maxBarTokens: 32 };
    const batched = await generateLoop(exact, table, { ...base, candidates: 3 });
    const lengths = batched.candidates.map((c) => c.tokens);
    expect(new Set(lengths).size).toBeGreaterThan(1); // rows finished at different steps
    // Row r of a batch samples with rngSeed + r: alone, with that seed, it must give the same loop and score.
    for (let r = 0; r < 3; r++) {
      const alone = await generateLoop(exact, table, { ...base, rngSeed: base.rngSeed + r, candidates: 1 });
      expect(alone.tokens).toBe(lengths[r]);
      expect(alone.loopScore).toBeCloseTo(batched.candidates[r].loopScore, 3);
    }
  });

  it('a batched request is reproducible too, and its candidates differ', async () => {
    const req = { seedIds: randomSeed(5), bars: 2, sampler: DEFAULT_SAMPLER, rngSeed: 11, candidates: 3, maxBarTokens: 32 };
    const collect = async () => {
      const rows: number[][] = [[], [], []];
      const r = await generateLoop(decoder, table, req, { onEvent: (e) => e.type === 'token' && rows[e.candidate!].push(e.id) });
      return { rows, r };
    };
    const a = await collect();
    const b = await collect();
    expect(b.rows).toEqual(a.rows);
    expect(b.r.candidates).toEqual(a.r.candidates);
    expect(new Set(a.rows.map((r) => r.join())).size).toBe(3);
  });
});

describe('rolling context (tiny model, context cut to 160 tokens)', () => {
  it('loops much longer than the context: exactly N bars, grammar-valid, every row rolled on its own', async () => {
    const seedIds = randomSeed(2);
    const req = { seedIds, bars: 12, sampler: DEFAULT_SAMPLER, rngSeed: 3, candidates: 3 };
    const rows: number[][] = [[], [], []];
    const got = await generateLoop(small, table, req, { onEvent: (e) => e.type === 'token' && rows[e.candidate!].push(e.id) });
    expect(got.rolls).toBeGreaterThan(3);
    for (const ids of rows) {
      expect(ids.length).toBeGreaterThan(160); // each loop alone outgrows the context
      expect(barCount(ids)).toBe(12);
      expect(firstGrammarError(table, [...seedIds, ...ids, table.barId], { timeSigId: METERS[2] })).toBe(-1);
    }
    // Row r rolls at its own bar lines; alone, with rngSeed + r, it must give the same loop and score.
    for (let r = 0; r < 3; r++) {
      const alone = await generateLoop(small, table, { ...req, rngSeed: req.rngSeed + r, candidates: 1 });
      expect(alone.ids).toEqual(rows[r]);
      expect(alone.loopScore).toBeCloseTo(got.candidates[r].loopScore, 3);
    }
    expect((await generateLoop(small, table, req)).ids).toEqual(got.ids);
  });

  it('rows in lockstep that cut inside the seed they share roll as one batch, and decode as if alone', async () => {
    const bar = [table.barId, METERS[0], vocab.indexOf('Position_0'), vocab.indexOf('Pitch_60'), vocab.indexOf('Velocity_95'), vocab.indexOf('Duration_1.0.6')];
    const seedIds = [1, ...Array.from({ length: 16 }, () => bar).flat()]; // 97 tokens: the first roll cuts inside it
    const req = { seedIds, bars: 4, sampler: DEFAULT_SAMPLER, rngSeed: 4, candidates: 3, maxBarTokens: 24 };
    const resets = vi.spyOn(small, 'reset');
    const refills = vi.spyOn(small, 'refill');
    const got = await generateLoop(small, table, req);
    // the prefill, then one batched roll of all three rows (a row may roll alone later, when it stops to score)
    expect(resets.mock.calls.map((c) => c[0]).slice(0, 2)).toEqual([1, 3]);
    expect(got.rolls).toBeGreaterThanOrEqual(3 + refills.mock.calls.length);
    resets.mockRestore();
    refills.mockRestore();
    for (let r = 0; r < 3; r++) {
      const alone = await generateLoop(small, table, { ...req, rngSeed: req.rngSeed + r, candidates: 1 });
      expect(alone.tokens).toBe(got.candidates[r].tokens);
      expect(alone.loopScore).toBeCloseTo(got.candidates[r].loopScore, 3);
    }
  });

  it('a seed longer than the context is not cut: the model sees its last bars, the samplers all of it', async () => {
    const first = await generateLoop(exact, table, { seedIds: randomSeed(4), bars: 8, sampler: DEFAULT_SAMPLER, rngSeed: 1, candidates: 1, maxBarTokens: 30 });
    const seedIds = [...randomSeed(4), ...first.ids];
    expect(seedIds.length).toBeGreaterThan(160);
    const got = await generateLoop(small, table, { seedIds, bars: 2, sampler: DEFAULT_SAMPLER, rngSeed: 2, candidates: 2 });
    expect(got.seedBars).toBe(barCount(seedIds));
    expect(got.seedBarsUsed).toBeGreaterThan(0);
    expect(got.seedBarsUsed).toBeLessThan(got.seedBars!);
    expect(barCount(got.ids)).toBe(2);
  });

  it('a rolled cache holds what a fresh prefill of the kept window would: the loop score, recomputed so', async () => {
    const C = 160;
    const keep = (ctx: number[], seq: number) => (ctx.length + seq > C ? keptWindow(ctx, table.startsBar, Math.floor(C * KEEP_ON_ROLL) - seq) : ctx);
    /** Sum of log-probs of `targets` after `ctx`, from one fresh prefill at positions 0.. */
    const logp = async (ctx: number[], targets: number[]) => {
      const fed = [...ctx, ...targets.slice(0, -1)];
      exact.reset(1);
      const { data } = await exact.forward([fed], fed.length);
      const V = exact.vocab;
      return targets.reduce((sum, id, j) => {
        const row = data.subarray((ctx.length - 1 + j) * V, (ctx.length + j) * V);
        const max = Math.max(...row);
        return sum + row[id] - (max + Math.log(row.reduce((acc, x) => acc + Math.exp(x - max), 0)));
      }, 0);
    };
    const req = { seedIds: randomSeed(6), bars: 6, sampler: DEFAULT_SAMPLER, rngSeed: 8, candidates: 1 };
    const got = await generateLoop(small, table, req);
    expect(got.rolls).toBeGreaterThan(0);
    // Replay the windows: roll before a token that would not fit; at the stop, the Bar is scored, room is made
    // for the whole first bar, and the Bar and the first bar are teacher-forced after it.
    let ctx = req.seedIds;
    for (const id of got.ids) ctx = [...keep(ctx, 1), id];
    const second = got.ids.indexOf(table.barId, 1);
    const first = got.ids.slice(1, second < 0 ? got.ids.length : second);
    let sum = await logp(ctx, [table.barId]);
    ctx = [...keep(ctx, 1 + first.length), table.barId];
    sum += await logp(ctx, first);
    expect(got.loopScore).toBeCloseTo(sum / (first.length + 1), 3);
  });
});
