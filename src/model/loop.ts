// One generate request: prefill the seed once, then sample K candidate loops in lockstep (batch K), each
// through its own sampler chain. A finished candidate spends its next steps scoring how well it loops: its
// first bar is teacher-forced after its last bar and the mean log-prob is its loop score. Once scored, it
// leaves the batch, so the longest candidate does not make the others pay for padding. When a row's context
// is full, its oldest bars are dropped and the rest is prefilled again (window.ts): a loop of any length and
// any density fits, and the seed is never cut to make room.
import { UserError } from '../errors.ts';
import { logProbOf } from '../sampling/candidates.ts';
import { loopSampler } from '../sampling/chain.ts';
import { transposeIds } from '../sampling/musical/transpose.ts';
import { baseIdsOf, type TokenTable } from '../sampling/tokenTable.ts';
import { settingProblem, settingRow } from '../settings/table.ts';
import type { Decoder } from './decoder.ts';
import { barTokenLimit, ROLL_POLICY, type RollPolicy } from './limits.ts';
import { styleId } from './style.ts';
import { type Row, scoreRest } from './scoring.ts';
import type { GenerateEvent, GenerateRequest, GenerateResult } from './types.ts';
import { countBars, keptWindow, makeRoom, seedAnchor, type WindowHead } from './window.ts';

export interface LoopHooks {
  onEvent?: (e: GenerateEvent) => void;
  cancelled?: () => boolean;
  provider?: string;
  /** Measurement harnesses compare rolling policies in one process; the product rolls as limits.ts says. */
  roll?: RollPolicy;
}

export class CancelledError extends Error {
  constructor() {
    super('generation cancelled');
  }
}

function checkRequest(req: GenerateRequest, table: TokenTable, bosId: number): void {
  // Any whole number of bars up to the table's maximum (its rungs are for the controls), any candidates and
  // bar tokens the table allows.
  const maxBars = settingRow('loopBars').max;
  if (!Number.isInteger(req.bars) || req.bars < 1 || req.bars > maxBars) throw new UserError(`bars must be a whole number 1-${maxBars}, not ${req.bars}`);
  const problem = settingProblem('candidates', req.candidates);
  if (problem) throw new UserError(`candidates ${req.candidates}: ${problem}`);
  const barTokens = req.maxBarTokens === undefined ? null : settingProblem('maxBarTokens', req.maxBarTokens);
  if (barTokens) throw new UserError(`maxBarTokens ${req.maxBarTokens}: ${barTokens}`);
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
  const seed = transposeIds(req.seedIds, table, req.sampler.transpose ?? 0);
  const policy = hooks.roll ?? ROLL_POLICY;
  const context = manifest.contextLength;
  // The model sees BOS, the style token when asked for and the model has it (style.ts), and the seed's last bars
  // that fit (with room to write); the samplers are primed with all of the seed.
  const style = styleId(table, req.sampler.style);
  const fixed = style === undefined ? [seed[0]] : [seed[0], style];
  const prompt = [...fixed, ...seed.slice(1)];
  const window = prompt.length < context ? prompt : keptWindow(prompt, table.startsBar, Math.floor(context * policy.keep), { fixed, anchor: [] });
  const head: WindowHead = { fixed, anchor: seedAnchor(window.slice(fixed.length), table.startsBar, Math.floor(context * policy.anchor)) };
  // Bars before `from` may be dropped at a row's first roll: with an anchor, the seed is all pinned or gone.
  const from = head.anchor.length > 0 ? window.length : fixed.length;
  const maxTokensPerBar = Math.min(barTokenLimit(manifest.contextLength), req.maxBarTokens ?? Infinity);
  const timeSigId = baseIdsOf(table, seed).reverse().find((id) => table.types[id] === 'TimeSig');
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
    if (!table.barIds.some((id) => sampler.grammar.allows(id))) throw new UserError('the seed must end where a new bar can start');
    return { sampler, ids: [], state: 'gen', barStart: 0, toScore: [], logp: 0, scored: 0, ctx: [...window], from };
  });
  const emit = hooks.onEvent ?? (() => {});
  const tag = (r: number) => (K > 1 ? { candidate: r } : {});

  decoder.reset(1);
  let out = await decoder.forward([window], window.length);
  let logits = out.data.subarray((out.seq - 1) * V, out.seq * V);
  decoder.expand(K);
  const scratch = new Float32Array(V);
  const next = new Int32Array(K);
  let active = rows.map((_, r) => r); // batch position -> row; a row leaves the batch once it is done
  let rowStride = 0; // after the prefill every row shares the last position's logits
  let rolls = 0;

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
          // The stop says a bar starts here: score and feed the loop's own first bar from its first id on.
          const second = row.ids.findIndex((x, i) => i > 0 && table.startsBar[x]);
          row.toScore = row.ids.slice(1, second < 0 ? row.ids.length : second);
          row.logp = logProbOf(L, row.ids[0]);
          row.scored = 1;
          row.state = row.toScore.length ? 'score' : 'done';
          next[p] = row.ids[0];
          continue;
        }
        row.sampler.accept(id);
        if (table.startsBar[id] && row.ids.length > 0) {
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
    // A row that scores gets room for all of its first bar at once, so where it rolls depends on it alone.
    const need = active.map((r) => 1 + (rows[r].state === 'score' ? rows[r].toScore.length : 0));
    rolls += await makeRoom(decoder, active.map((r) => rows[r]), need, table.startsBar, head, policy.keep);
    active.forEach((r, p) => rows[r].ctx.push(next[p]));
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
    seedBars: countBars(seed, table.startsBar),
    seedBarsUsed: countBars(window, table.startsBar),
    rolls,
    style: style === undefined ? null : req.sampler.style!,
  };
  emit({ type: 'done', result });
  return result;
}
