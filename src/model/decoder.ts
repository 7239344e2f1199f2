// The model with its KV cache: prefill once, then one token per row per step. The cache stays in preallocated
// buffers (kvCache.ts picks the layout the graph allows); ids, positions, the mask, the logits and the feeds
// object are reused too, so a step allocates almost nothing. Rows may hold different lengths once a row's
// context has rolled (refill): the fused graph places rows by their mask sum and slices new.* as if all rows
// were equal, so rows of unequal length run one at a time, each over its own slice of the cache.
import ort from 'onnxruntime-node';
import { UserError } from '../errors.ts';
import { makeKvCache, type KvCache } from './kvCache.ts';
import type { Manifest } from './manifest.ts';

/**
 * A long prefill at batch 1 runs in chunks of this many tokens: GroupQueryAttention's prompt path scores the whole
 * s x s square, so one 553-token run took 66-81 ms and chunks of 64 took 39-53 (185 tokens: 12.8 -> 10.8 ms;
 * docs/MEASURED.md). 48-96 measured alike.
 */
export const PREFILL_CHUNK = 64;

const ROWS_DIFFER =
  "several candidates whose context rolls need a graph with new.* outputs (seedloop's fused export); this one has none: use --candidates 1";

export interface Logits {
  data: Float32Array; // [batch, seq, vocab]; valid until the next forward
  seq: number;
}

export class Decoder {
  readonly vocab: number;
  batch = 1;
  /** Positions cached per row. */
  lengths: number[] = [0];
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
    private readonly prefillChunk = PREFILL_CHUNK,
  ) {
    this.vocab = manifest.vocabSize;
    this.cache = makeKvCache(manifest);
    this.ones = new BigInt64Array(manifest.contextLength).fill(1n);
  }

  /** Positions cached in every row (the longest row's, if they differ). */
  get pastLength(): number {
    return Math.max(...this.lengths);
  }

  /** Forget the cache and start `batch` empty rows. */
  reset(batch: number): void {
    this.batch = batch;
    this.lengths = new Array(batch).fill(0);
  }

  private get ragged(): boolean {
    return this.lengths.some((n) => n !== this.lengths[0]);
  }

  /**
   * Feed `tokens` ([batch][seq], every row the same length) after the cache; returns the logits of all
   * fed positions. Rows shorter than others must be padded at the END (causal: padding never leaks back).
   */
  async forward(tokens: ArrayLike<number>[] | Int32Array, seq: number): Promise<Logits> {
    const { batch } = this;
    const past = this.lengths[0];
    const total = this.pastLength + seq;
    if (total > this.manifest.contextLength) {
      throw new Error(`context full: ${total} > ${this.manifest.contextLength} tokens`);
    }
    if (this.ragged || (batch > 1 && seq > 1 && past > 0)) return this.forwardRows(tokens, seq);
    if (this.logits.length < batch * seq * this.vocab) this.logits = new Float32Array(batch * seq * this.vocab);
    const logits = this.logits.subarray(0, batch * seq * this.vocab);
    if (batch === 1 && seq > this.prefillChunk) {
      const row = tokens instanceof Int32Array ? tokens : Int32Array.from(tokens[0]);
      for (let at = 0; at < seq; at += this.prefillChunk) {
        const n = Math.min(this.prefillChunk, seq - at);
        await this.run(row.subarray(at, at + n), n, logits.subarray(at * this.vocab, (at + n) * this.vocab));
      }
    } else await this.run(tokens, seq, logits);
    return { data: logits, seq };
  }

  /** One run of `seq` tokens per row after the cache (every row the same length); logits land in `logits`. */
  private async run(tokens: ArrayLike<number>[] | Int32Array, seq: number, logits: Float32Array): Promise<void> {
    const { batch } = this;
    const past = this.lengths[0];
    const total = past + seq;
    if (this.ones.length < batch * total) this.ones = new BigInt64Array(batch * this.manifest.contextLength).fill(1n);
    if (this.ids.length !== batch * seq) {
      this.ids = new BigInt64Array(batch * seq);
      this.positions = new BigInt64Array(batch * seq);
    }
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
    this.fetches.logits = new ort.Tensor('float32', logits, [batch, seq, this.vocab]);
    await this.session.run(f, this.fetches);
    this.cache.commit(0, batch, past, seq);
    this.lengths.fill(total);
  }

  /**
   * Several new tokens per row over a cache, or rows of unequal length, one row at a time: ORT's
   * GroupQueryAttention (the fused graph) takes several tokens over a cache only at batch 1, and slices new.*
   * as if every row had the same length. Each row reads and writes its own slice of the cache buffers (the
   * batch is the outermost dim of [b, kv, T, hd], so a row is contiguous); logits land where a batched run
   * puts them.
   */
  private async forwardRows(tokens: ArrayLike<number>[] | Int32Array, seq: number): Promise<Logits> {
    const { batch, vocab: V } = this;
    if (this.ragged && !this.cache.rowsMayDiffer) {
      throw new UserError(ROWS_DIFFER);
    }
    if (this.logits.length < batch * seq * V) this.logits = new Float32Array(batch * seq * V);
    this.cache.reserve(batch, this.pastLength, this.pastLength + seq);
    for (let b = 0; b < batch; b++) {
      const row = tokens instanceof Int32Array ? tokens.subarray(b * seq, (b + 1) * seq) : tokens[b];
      await this.runRow(b, row, seq, this.logits.subarray(b * seq * V, (b + 1) * seq * V));
    }
    if (!this.cache.rowsMayDiffer) this.cache.commit(0, batch, this.lengths[0], seq);
    for (let b = 0; b < batch; b++) this.lengths[b] += seq;
    return { data: this.logits.subarray(0, batch * seq * V), seq };
  }

  /** Row `b` alone at batch 1, after its own cached positions; the slot cache commits it at once. */
  private async runRow(b: number, row: ArrayLike<number>, seq: number, logits: Float32Array): Promise<void> {
    const past = this.lengths[b];
    const total = past + seq;
    const ids = new BigInt64Array(seq);
    const positions = new BigInt64Array(seq);
    for (let s = 0; s < seq; s++) {
      ids[s] = BigInt(row[s]);
      positions[s] = BigInt(past + s);
    }
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', ids, [1, seq]),
      position_ids: new ort.Tensor('int64', positions, [1, seq]),
      attention_mask: new ort.Tensor('int64', this.ones.subarray(0, total), [1, total]),
    };
    const fetches: Record<string, ort.Tensor> = { logits: new ort.Tensor('float32', logits, [1, seq, this.vocab]) };
    this.cache.bind(feeds, fetches, b, b + 1, past, seq);
    await this.session.run(feeds, fetches);
    if (this.cache.rowsMayDiffer) this.cache.commit(b, b + 1, past, seq);
  }

  /** Whether rows may hold different lengths (the slot cache; see kvCache.ts). */
  get rowsMayDiffer(): boolean {
    return this.cache.rowsMayDiffer;
  }

  /** Feed `tokens` to row `b` alone (the others keep their lengths); returns its logits, [tokens, vocab]. */
  async forwardRow(b: number, tokens: number[]): Promise<Float32Array> {
    if (this.batch === 1) return (await this.forward([tokens], tokens.length)).data;
    if (!this.cache.rowsMayDiffer) throw new UserError(ROWS_DIFFER);
    if (this.lengths[b] + tokens.length > this.manifest.contextLength) {
      throw new Error(`context full: ${this.lengths[b] + tokens.length} > ${this.manifest.contextLength} tokens`);
    }
    const V = this.vocab;
    this.cache.reserve(this.batch, this.pastLength, Math.max(this.pastLength, this.lengths[b] + tokens.length));
    if (this.logits.length < tokens.length * V) this.logits = new Float32Array(tokens.length * V);
    const logits = this.logits.subarray(0, tokens.length * V);
    await this.runRow(b, tokens, tokens.length, logits);
    this.lengths[b] += tokens.length;
    return logits;
  }

  /**
   * Rolling context: replace row `b`'s cache with a prefill of `tokens` from position 0 (the kept window,
   * [BOS, Bar, ...]). Other rows keep theirs. Returns nothing: the caller feeds its next token after this.
   */
  async refill(b: number, tokens: number[]): Promise<void> {
    if (this.batch === 1) {
      this.reset(1);
      await this.forward([tokens], tokens.length);
      return;
    }
    this.lengths[b] = 0;
    await this.forwardRow(b, tokens);
  }

  /** Repeat row 0 of the cache into `batch` rows: after a shared prefill, before batched sampling. */
  expand(batch: number): void {
    if (batch === this.batch) return;
    this.cache.expand(batch, this.pastLength);
    this.batch = batch;
    this.lengths = new Array(batch).fill(this.lengths[0]);
  }

  /** Keep only these rows (ascending batch positions), in that order: finished rows stop costing steps. */
  keepRows(rows: number[]): void {
    if (rows.length === this.batch) return;
    this.cache.keep(rows, this.pastLength);
    this.batch = rows.length;
    this.lengths = rows.map((r) => this.lengths[r]);
  }
}
