// One generate request: prefill the seed once, then sample K candidate loops in lockstep (batch K), each
// through its own sampler chain. A finished candidate spends its next steps scoring how well it loops: its
// first bar is teacher-forced after its last bar and the mean log-prob is its loop score. Once scored, it
// leaves the batch, so the longest candidate does not make the others pay for padding.
import { UserError } from '../errors.ts';
import { logProbOf } from '../sampling/candidates.ts';
import { type LoopSampler, loopSampler } from '../sampling/chain.ts';
import type { TokenTable } from '../sampling/tokenTable.ts';
import type { Decoder } from './decoder.ts';
import type { GenerateEvent, GenerateRequest, GenerateResult } from './types.ts';

export interface LoopHooks {
  onEvent?: (e: GenerateEvent) => void;
  cancelled?: () => boolean;
  provider?: string;
}

export class CancelledError extends Error {
  constructor() {
    super('generation cancelled');
  }
}

interface Row {
  sampler: LoopSampler;
  ids: number[];
  state: 'gen' | 'score' | 'done';
  barStart: number; // index in ids of the bar being written
  toScore: number[]; // rest of the first bar, still to teacher-force
  logp: number;
  scored: number;
}

/** Drop whole bars from the front of the seed (keeping BOS) until the loop and its score fit. */
export function fitSeed(seedIds: number[], table: TokenTable, bars: number, contextLength: number) {
  const minPerBar = 24; // room for a few notes per bar, or the budget would force empty bars
  let seed = seedIds;
  for (;;) {
    const room = contextLength - seed.length - 1; // 1: the stop token
    const maxTokensPerBar = Math.floor(room / (bars + 1)) - 3; // +1 bar: the scored first bar; 3: a triplet
    if (maxTokensPerBar >= minPerBar) return { seed, maxTokensPerBar: Math.min(maxTokensPerBar, 256) };
    const next = seed.indexOf(table.barId, seed.indexOf(table.barId) + 1);
    if (next < 0) throw new UserError(`${bars} bars do not fit the model's context of ${contextLength} tokens`);
    seed = [seed[0], ...seed.slice(next)];
  }
}

function checkRequest(req: GenerateRequest, table: TokenTable, bosId: number): void {
  if (!Number.isInteger(req.bars) || req.bars < 1) throw new UserError(`bars must be a whole number >= 1, not ${req.bars}`);
  if (!Number.isInteger(req.candidates) || req.candidates < 1 || req.candidates > 16) {
    throw new UserError(`candidates must be 1 to 16, not ${req.candidates}`);
  }
  if (req.maxBarTokens !== undefined && !(req.maxBarTokens >= 8)) {
    throw new UserError(`maxBarTokens must be at least 8, not ${req.maxBarTokens}`);
  }
  if (req.seedIds[0] !== bosId) throw new UserError('the seed must start with BOS');
  const bad = req.seedIds.findIndex((id) => !Number.isInteger(id) || id < 0 || id >= table.size);
  if (bad >= 0) throw new UserError(`seed token ${bad} is not a token id: ${req.seedIds[bad]}`);
}

export async function generateLoop(
  decoder: Decoder,
  table: TokenTable,
  req: GenerateRequest,
  hooks: LoopHooks = {},
): Promise<GenerateResult> {
  const t0 = performance.now();
  const { manifest } = decoder;
  const V = decoder.vocab;
  const pad = manifest.specialIds.PAD;
  checkRequest(req, table, manifest.specialIds.BOS);
  const fit = fitSeed(req.seedIds, table, req.bars, manifest.contextLength);
  const seed = fit.seed;
  const maxTokensPerBar = Math.min(fit.maxTokensPerBar, req.maxBarTokens ?? Infinity);
  const timeSigId = [...seed].reverse().find((id) => table.types[id] === 'TimeSig');
  const K = req.candidates;
  const rows: Row[] = Array.from({ length: K }, (_, r) => {
    const sampler = loopSampler({
      table,
      settings: req.sampler,
      bars: req.bars,
      maxTokensPerBar,
      rngSeed: (req.rngSeed + r) >>> 0,
      timeSigId,
    });
    sampler.prime(seed);
    if (!sampler.grammar.allows(table.barId)) throw new UserError('the seed must end where a new bar can start');
    return { sampler, ids: [], state: 'gen', barStart: 0, toScore: [], logp: 0, scored: 0 };
  });
  const emit = hooks.onEvent ?? (() => {});
  const tag = (r: number) => (K > 1 ? { candidate: r } : {});

  decoder.reset(1);
  let out = await decoder.forward([seed], seed.length);
  let logits = out.data.subarray((out.seq - 1) * V, out.seq * V);
  decoder.expand(K);
  const scratch = new Float32Array(V);
  const next = new Int32Array(K);
  let active = rows.map((_, r) => r); // batch position -> row; a row leaves the batch once it is done
  let rowStride = 0; // after the prefill every row shares the last position's logits

  while (active.length > 0) {
    if (hooks.cancelled?.()) throw new CancelledError();
    if (!active.some((r) => rows[r].state === 'gen')) {
      await scoreRest(decoder, rows, active, logits, rowStride, pad);
      break;
    }
    for (let p = 0; p < active.length; p++) {
      const r = active[p];
      const row = rows[r];
      const L = logits.subarray(p * rowStride, p * rowStride + V);
      if (row.state === 'gen') {
        scratch.set(L);
        const c = { logits: scratch, selected: -1 };
        row.sampler.apply(c);
        const id = c.selected;
        if (row.sampler.budget.isStop(id)) {
          emit({ type: 'bar', index: req.bars - 1, ids: row.ids.slice(row.barStart), ...tag(r) });
          const second = row.ids.indexOf(table.barId, 1);
          row.toScore = row.ids.slice(1, second < 0 ? row.ids.length : second);
          row.logp = logProbOf(L, id);
          row.scored = 1;
          row.state = row.toScore.length ? 'score' : 'done';
          next[p] = id;
          continue;
        }
        row.sampler.accept(id);
        if (id === table.barId && row.ids.length > 0) {
          const index = row.sampler.budget.barsStarted() - 2;
          emit({ type: 'bar', index, ids: row.ids.slice(row.barStart), ...tag(r) });
          row.barStart = row.ids.length;
        }
        row.ids.push(id);
        emit({ type: 'token', id, count: row.ids.length, ...tag(r) });
        next[p] = id;
      } else {
        // scoring: this step's logits score the next token of the first bar, which is then fed
        const id = row.toScore.shift()!;
        row.logp += logProbOf(L, id);
        row.scored++;
        next[p] = id;
        if (row.toScore.length === 0) row.state = 'done';
      }
    }
    // Finished rows leave the batch: their steps would only be padding.
    const keep = active.flatMap((r, p) => (rows[r].state === 'done' ? [] : [p]));
    if (keep.length < active.length) {
      if (keep.length === 0) break;
      decoder.keepRows(keep);
      keep.forEach((p, j) => (next[j] = next[p]));
      active = keep.map((p) => active[p]);
    }
    out = await decoder.forward(next.subarray(0, active.length), 1);
    logits = out.data;
    rowStride = V;
  }

  const scores = rows.map((row) => row.logp / Math.max(1, row.scored));
  let best = 0;
  for (let r = 1; r < K; r++) if (scores[r] > scores[best]) best = r;
  const result: GenerateResult = {
    ids: rows[best].ids,
    bars: req.bars,
    tokens: rows[best].ids.length,
    ms: performance.now() - t0,
    loopScore: scores[best],
    candidates: rows.map((row, r) => ({ loopScore: scores[r], tokens: row.ids.length })),
    provider: hooks.provider ?? 'cpu',
  };
  emit({ type: 'done', result });
  return result;
}

/**
 * Once no row samples any more, teacher-force what is left of every first bar in one forward pass. The
 * last step's logits already score each row's next pending token; feeding the rest of them scores the others.
 */
async function scoreRest(decoder: Decoder, rows: Row[], active: number[], logits: Float32Array, rowStride: number, pad: number) {
  const V = decoder.vocab;
  active.forEach((r, p) => {
    const row = rows[r];
    row.logp += logProbOf(logits.subarray(p * rowStride, p * rowStride + V), row.toScore[0]);
    row.scored++;
  });
  // Row p feeds toScore[0..n-2]; its position j predicts toScore[j+1]. Padding goes last (causal).
  const seq = Math.max(...active.map((r) => rows[r].toScore.length - 1));
  if (seq > 0) {
    const tokens = active.map((r) => {
      const feed = rows[r].toScore.slice(0, -1);
      return [...feed, ...new Array(seq - feed.length).fill(pad)];
    });
    const { data } = await decoder.forward(tokens, seq);
    active.forEach((r, p) => {
      rows[r].toScore.slice(1).forEach((id, j) => {
        const at = (p * seq + j) * V;
        rows[r].logp += logProbOf(data.subarray(at, at + V), id);
        rows[r].scored++;
      });
    });
  }
  for (const r of active) {
    rows[r].toScore = [];
    rows[r].state = 'done';
  }
}
