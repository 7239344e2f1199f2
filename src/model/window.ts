// Rolling context. When a row's sequence would outgrow the model's context, its oldest whole bars are dropped
// and the kept window is prefilled again from position 0 as [BOS, Bar, ...]: exactly the shape of a training
// window (training/data.py: BOS + tokens from a bar line, positions from 0), so the model sees nothing it was
// not trained on. Shifting the cached keys' rotary positions instead (llama.cpp's context shift) would save
// the re-prefill, but the kept keys and values of every layer above the first were computed attending to the
// dropped bars, and the fused graph takes positions from the mask sum, so the shift would have to be applied
// to the cache by hand: cheaper, not exact. A re-prefill costs one prefill of the window per roll, and a roll
// frees a quarter of the context (limits.ts: KEEP_ON_ROLL), so it happens about once every couple of dense bars.
import type { Decoder } from './decoder.ts';
import { KEEP_ON_ROLL } from './limits.ts';

/**
 * The window to keep of `ctx` ([BOS, Bar, ...]) so that it holds at most `limit` tokens: BOS, then as many
 * trailing whole bars as fit (`startsBar[id]` is 1 for an id that begins a bar). The bar being written is
 * always kept, even if it alone is longer (limits.ts makes sure it is not).
 */
export function keptWindow(ctx: number[], startsBar: ArrayLike<number>, limit: number): number[] {
  if (ctx.length <= limit) return ctx;
  let cut = -1;
  for (let i = ctx.length - 1; i >= 1; i--) {
    if (!startsBar[ctx[i]]) continue;
    if (cut >= 0 && 1 + ctx.length - i > limit) break;
    cut = i;
  }
  if (cut < 0) throw new Error('rolling context: the sequence has no bar line to cut at');
  return [ctx[0], ...ctx.slice(cut)];
}

/** Ids in `ids` that start a bar. */
export function countBars(ids: number[], startsBar: ArrayLike<number>): number {
  let n = 0;
  for (const id of ids) if (startsBar[id]) n++;
  return n;
}

/**
 * Before `need[p]` more tokens go into row p of the batch (`rows[p].ctx`: what its cache holds): roll every
 * row that would outgrow the context. Returns how many rows rolled.
 */
export async function makeRoom(decoder: Decoder, rows: { ctx: number[] }[], need: number[], startsBar: ArrayLike<number>): Promise<number> {
  const context = decoder.manifest.contextLength;
  const full = rows.flatMap((row, p) => (row.ctx.length + need[p] > context ? [p] : []));
  for (const p of full) rows[p].ctx = keptWindow(rows[p].ctx, startsBar, Math.floor(context * KEEP_ON_ROLL) - need[p]);
  // Rows in lockstep that cut inside the seed they share keep windows of one length: prefill them as a batch.
  if (full.length === rows.length && rows.every((row) => row.ctx.length === rows[0].ctx.length)) {
    decoder.reset(rows.length);
    await decoder.forward(rows.map((row) => row.ctx), rows[0].ctx.length);
  } else for (const p of full) await decoder.refill(p, rows[p].ctx);
  return full.length;
}
