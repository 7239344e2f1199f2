// The model with its KV cache: prefill once, then one token per row per step. The cache stays in preallocated
// buffers (kvCache.ts picks the layout the graph allows); ids, positions, the mask, the logits and the feeds
// object are reused too, so a step allocates almost nothing.
import ort from 'onnxruntime-node';
import { makeKvCache, type KvCache } from './kvCache.ts';
import type { Manifest } from './manifest.ts';

export interface Logits {
  data: Float32Array; // [batch, seq, vocab]; valid until the next forward
  seq: number;
}

export class Decoder {
  readonly vocab: number;
  batch = 1;
  pastLength = 0;
  private readonly cache: KvCache;
  private readonly feeds: Record<string, ort.Tensor> = {};
  private readonly fetches: Record<string, ort.Tensor> = {};
  private ones: BigInt64Array; // attention mask: every entry is 1, so any prefix of it has the right content
  private ids = new BigInt64Array(0);
  private positions = new BigInt64Array(0);
  private logits = new Float32Array(0);

  constructor(
    readonly session: ort.InferenceSession,
    readonly manifest: Manifest,
  ) {
    this.vocab = manifest.vocabSize;
    this.cache = makeKvCache(manifest);
    this.ones = new BigInt64Array(manifest.contextLength).fill(1n);
  }

  /** Forget the cache and start `batch` empty rows. */
  reset(batch: number): void {
    this.batch = batch;
    this.pastLength = 0;
  }

  /**
   * Feed `tokens` ([batch][seq], every row the same length) after the cache; returns the logits of all
   * fed positions. Rows shorter than others must be padded at the END (causal: padding never leaks back).
   */
  async forward(tokens: ArrayLike<number>[] | Int32Array, seq: number): Promise<Logits> {
    const { batch, pastLength: past } = this;
    const total = past + seq;
    if (total > this.manifest.contextLength) {
      throw new Error(`context full: ${total} > ${this.manifest.contextLength} tokens`);
    }
    if (batch > 1 && seq > 1 && past > 0) return this.forwardRows(tokens, seq);
    if (this.ones.length < batch * total) this.ones = new BigInt64Array(batch * this.manifest.contextLength).fill(1n);
    if (this.ids.length !== batch * seq) {
      this.ids = new BigInt64Array(batch * seq);
      this.positions = new BigInt64Array(batch * seq);
    }
    if (this.logits.length < batch * seq * this.vocab) this.logits = new Float32Array(batch * seq * this.vocab);
    for (let b = 0; b < batch; b++) {
      const row = tokens instanceof Int32Array ? null : tokens[b];
      for (let s = 0; s < seq; s++) {
        this.ids[b * seq + s] = BigInt(row ? row[s] : (tokens as Int32Array)[b * seq + s]);
        this.positions[b * seq + s] = BigInt(past + s);
      }
    }
    const f = this.feeds;
    f.input_ids = new ort.Tensor('int64', this.ids, [batch, seq]);
    f.position_ids = new ort.Tensor('int64', this.positions, [batch, seq]);
    f.attention_mask = new ort.Tensor('int64', this.ones.subarray(0, batch * total), [batch, total]);
    this.cache.reserve(batch, past, total);
    this.cache.bind(f, this.fetches, 0, batch, past, seq);
    const logits = this.logits.subarray(0, batch * seq * this.vocab);
    this.fetches.logits = new ort.Tensor('float32', logits, [batch, seq, this.vocab]);
    await this.session.run(f, this.fetches);
    this.cache.commit(batch, past, seq);
    this.pastLength = total;
    return { data: logits, seq };
  }

  /**
   * Several new tokens per row over a cache, one row at a time: ORT's GroupQueryAttention (the fused graph)
   * takes that only at batch 1. Each row reads and writes its own slice of the cache buffers (the batch is
   * the outermost dim of [b, kv, T, hd], so a row is contiguous); logits land where a batched run puts them.
   */
  private async forwardRows(tokens: ArrayLike<number>[] | Int32Array, seq: number): Promise<Logits> {
    const { batch, pastLength: past, vocab: V } = this;
    const total = past + seq;
    if (this.logits.length < batch * seq * V) this.logits = new Float32Array(batch * seq * V);
    this.cache.reserve(batch, past, total);
    const ids = new BigInt64Array(seq);
    const positions = new BigInt64Array(seq);
    for (let s = 0; s < seq; s++) positions[s] = BigInt(past + s);
    for (let b = 0; b < batch; b++) {
      for (let s = 0; s < seq; s++) {
        ids[s] = BigInt(tokens instanceof Int32Array ? tokens[b * seq + s] : tokens[b][s]);
      }
      const feeds: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', ids, [1, seq]),
        position_ids: new ort.Tensor('int64', positions, [1, seq]),
        attention_mask: new ort.Tensor('int64', this.ones.subarray(0, total), [1, total]),
      };
      const fetches: Record<string, ort.Tensor> = {
        logits: new ort.Tensor('float32', this.logits.subarray(b * seq * V, (b + 1) * seq * V), [1, seq, V]),
      };
      this.cache.bind(feeds, fetches, b, b + 1, past, seq);
      await this.session.run(feeds, fetches);
    }
    this.cache.commit(batch, past, seq);
    this.pastLength = total;
    return { data: this.logits.subarray(0, batch * seq * V), seq };
  }

  /** Repeat row 0 of the cache into `batch` rows: after a shared prefill, before batched sampling. */
  expand(batch: number): void {
    if (batch === this.batch) return;
    this.cache.expand(batch, this.pastLength);
    this.batch = batch;
  }

  /** Keep only these rows (ascending batch positions), in that order: finished rows stop costing steps. */
  keepRows(rows: number[]): void {
    if (rows.length === this.batch) return;
    this.cache.keep(rows, this.pastLength);
    this.batch = rows.length;
  }
}
