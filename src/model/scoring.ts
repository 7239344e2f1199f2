// The loop score's last part: once no row samples any more, the rest of every row's first bar is
// teacher-forced after its last bar. Rows that score got room for their whole first bar when they stopped
// (loop.ts), so nothing here rolls, and a row's score does not depend on the rows beside it.
import { logProbOf } from '../sampling/candidates.ts';
import type { LoopSampler } from '../sampling/chain.ts';
import type { Decoder } from './decoder.ts';

export interface Row {
  sampler: LoopSampler;
  ids: number[];
  state: 'gen' | 'score' | 'done';
  barStart: number; // index in ids of the bar being written
  toScore: number[]; // rest of the first bar, still to teacher-force
  logp: number;
  scored: number;
  ctx: number[]; // what this row's cache holds: BOS, then whole bars and the bar being written
  from: number; // ctx's bars from here on may be dropped when it rolls (window.ts)
}

/**
 * The last step's logits already score each row's next pending token; feeding the rest of them scores the
 * others. Row by row where rows may differ in length (the fused graph runs several tokens over a cache one row
 * at a time anyway), else in one pass padded at the end (causal: padding never leaks back).
 */
export async function scoreRest(decoder: Decoder, rows: Row[], active: number[], logits: Float32Array, rowStride: number, pad: number): Promise<void> {
  const V = decoder.vocab;
  const addScores = (row: Row, data: Float32Array, from: number) => {
    row.toScore.slice(1).forEach((id, j) => {
      row.logp += logProbOf(data.subarray((from + j) * V, (from + j + 1) * V), id);
      row.scored++;
    });
  };
  active.forEach((r, p) => {
    const row = rows[r];
    row.logp += logProbOf(logits.subarray(p * rowStride, p * rowStride + V), row.toScore[0]);
    row.scored++;
  });
  // Row p feeds toScore[0..n-2]; its position j predicts toScore[j+1].
  const feeds = active.map((r) => rows[r].toScore.slice(0, -1));
  if (decoder.batch === 1 || decoder.rowsMayDiffer) {
    for (const [p, r] of active.entries()) {
      if (feeds[p].length > 0) addScores(rows[r], await decoder.forwardRow(p, feeds[p]), 0);
    }
  } else {
    const seq = Math.max(...feeds.map((f) => f.length));
    if (seq > 0) {
      const { data } = await decoder.forward(feeds.map((f) => [...f, ...new Array(seq - f.length).fill(pad)]), seq);
      active.forEach((r, p) => addScores(rows[r], data, p * seq));
    }
  }
  for (const r of active) {
    rows[r].toScore = [];
    rows[r].state = 'done';
  }
}
