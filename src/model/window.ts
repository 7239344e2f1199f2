// Rolling context. When a row's sequence would outgrow the model's context, its oldest whole bars are dropped
// and the kept window is prefilled again from position 0 as [BOS, Bar, ...]: exactly the shape of a training
// window (training/data.py: BOS + tokens from a bar line, positions from 0), so the model sees nothing it was
// not trained on. Shifting the cached keys' rotary positions instead (llama.cpp's context shift) would save
// the re-prefill, but the kept keys and values of every layer above the first were computed attending to the
// dropped bars, and the fused graph takes positions from the mask sum, so the shift would have to be applied
// to the cache by hand: cheaper, not exact. A re-prefill costs one prefill of the window per roll, and a roll
// frees a quarter of the context (limits.ts: KEEP_ON_ROLL), so it happens about once every couple of dense bars.
import { splitAt } from './barIds.ts';
import type { Decoder } from './decoder.ts';
import { KEEP_ON_ROLL } from './limits.ts';

/**
 * What every window keeps in front, whatever rolls: `fixed` (BOS, and the style token when asked for), then
 * `anchor` (whole bars pinned after it, e.g. the seed's last bars; they give way, oldest first, when the bar
 * being written needs the room). A row's droppable bars are those after index `from` of its context.
 */
export interface WindowHead {
  fixed: number[];
  anchor: number[];
}

/**
 * The window to keep of `ctx` so that it holds at most `limit` tokens: the head, then as many trailing whole
 * bars of `ctx.slice(from)` as fit. Without a head: BOS, then the trailing bars (`startsBar[id]` is 1 for an id
 * that begins a bar). The bar being written is always kept, even if it alone is longer (limits.ts makes sure
 * it is not), and the anchor's oldest bars give way to it.
 */
export function keptWindow(ctx: number[], startsBar: ArrayLike<number>, limit: number, head?: WindowHead, from?: number): number[] {
  return rolled(ctx, startsBar, limit, head, from).ids;
}

/** keptWindow, and how many of its first ids are the head (what stays pinned at the next roll). */
function rolled(ctx: number[], startsBar: ArrayLike<number>, limit: number, head?: WindowHead, from?: number): { ids: number[]; pinned: number } {
  if (ctx.length <= limit) return { ids: ctx, pinned: from ?? 1 };
  const fixed = head?.fixed ?? ctx.slice(0, 1);
  const start = from ?? fixed.length;
  let last = -1; // start of the bar being written
  for (let i = ctx.length - 1; i >= start && last < 0; i--) if (startsBar[ctx[i]]) last = i;
  if (last < 0) throw new Error('rolling context: the sequence has no bar line to cut at');
  const anchorBars = splitAt(head?.anchor ?? [], (id) => !!startsBar[id]);
  while (anchorBars.length > 0 && fixed.length + anchorBars.flat().length + ctx.length - last > limit) anchorBars.shift();
  const anchor = anchorBars.flat();
  let cut = last;
  for (let i = last - 1; i >= start; i--) {
    if (!startsBar[ctx[i]]) continue;
    if (fixed.length + anchor.length + ctx.length - i > limit) break;
    cut = i;
  }
  return { ids: [...fixed, ...anchor, ...ctx.slice(cut)], pinned: fixed.length + anchor.length };
}

/** The last whole bars of `seed` that fit in `budget` tokens (what a rolled window may pin behind BOS). */
export function seedAnchor(seed: number[], startsBar: ArrayLike<number>, budget: number): number[] {
  const bars = splitAt(seed, (id) => !!startsBar[id]);
  let n = 0;
  let size = 0;
  while (n < bars.length && size + bars[bars.length - 1 - n].length <= budget) size += bars[bars.length - 1 - n++].length;
  return bars.slice(bars.length - n).flat();
}

/** Ids in `ids` that start a bar. */
export function countBars(ids: number[], startsBar: ArrayLike<number>): number {
  let n = 0;
  for (const id of ids) if (startsBar[id]) n++;
  return n;
}

/** A row of the batch as the window sees it: what its cache holds, and where its droppable bars begin. */
export interface WindowRow {
  ctx: number[];
  from: number;
}

/**
 * Before `need[p]` more tokens go into row p of the batch: roll every row that would outgrow the context,
 * keeping `head` in front. Returns how many rows rolled.
 */
export async function makeRoom(decoder: Decoder, rows: WindowRow[], need: number[], startsBar: ArrayLike<number>, head?: WindowHead, keep = KEEP_ON_ROLL): Promise<number> {
  const context = decoder.manifest.contextLength;
  const full = rows.flatMap((row, p) => (row.ctx.length + need[p] > context ? [p] : []));
  for (const p of full) {
    const { ids, pinned } = rolled(rows[p].ctx, startsBar, Math.floor(context * keep) - need[p], head, rows[p].from);
    rows[p].ctx = ids;
    rows[p].from = pinned; // the head is in front now: everything behind it may go at the next roll
  }
  // Rows in lockstep that cut inside the seed they share keep windows of one length: prefill them as a batch.
  if (full.length === rows.length && rows.every((row) => row.ctx.length === rows[0].ctx.length)) {
    decoder.reset(rows.length);
    await decoder.forward(rows.map((row) => row.ctx), rows[0].ctx.length);
  } else for (const p of full) await decoder.refill(p, rows[p].ctx);
  return full.length;
}
