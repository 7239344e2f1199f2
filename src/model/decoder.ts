// The model with its KV cache: prefill once, then one token per row per step. Each cache tensor lives in
// two preallocated buffers used in turn: ORT reads `past_key_values.*` from one and writes `present.*`
// straight into the other (preallocated outputs), so our code never copies or reallocates the cache per
// step. Ids, positions, the mask, the logits and the feeds object are reused too. (onnxruntime-node 1.30
// still returns a fresh copy of every output from run(); we ignore it, but it is most of the GC time.)
import ort from 'onnxruntime-node';
import type { Manifest } from './manifest.ts';

export interface Logits {
  data: Float32Array; // [batch, seq, vocab]; valid until the next forward
  seq: number;
}

/** Two buffers per cache tensor; `cur` holds the cache, the other receives the next one. */
class PingPong {
  bufs: [Float32Array, Float32Array] = [new Float32Array(0), new Float32Array(0)];
  cur = 0;
  /** Make room for `floats`, keeping the first `keep` floats of the current buffer. */
  ensure(floats: number, keep: number): void {
    if (this.bufs[0].length >= floats) return;
    const size = Math.max(floats, this.bufs[0].length * 2);
    const next: [Float32Array, Float32Array] = [new Float32Array(size), new Float32Array(size)];
    next[this.cur].set(this.bufs[this.cur].subarray(0, keep));
    this.bufs = next;
  }
  get current(): Float32Array {
    return this.bufs[this.cur];
  }
  get other(): Float32Array {
    return this.bufs[1 - this.cur];
  }
  swap(): void {
    this.cur = 1 - this.cur;
  }
}

export class Decoder {
  readonly vocab: number;
  batch = 1;
  pastLength = 0;
  private readonly names: { past: string[]; present: string[] };
  private readonly caches: PingPong[];
  private readonly feeds: Record<string, ort.Tensor> = {};
  private readonly fetches: Record<string, ort.Tensor> = {};
  private readonly rowFloats: number; // floats per cache row per position: kv heads x head dim
  private ones: BigInt64Array; // attention mask: every entry is 1, so any prefix of it has the right content
  private ids = new BigInt64Array(0);
  private positions = new BigInt64Array(0);
  private logits = new Float32Array(0);

  constructor(
    readonly session: ort.InferenceSession,
    readonly manifest: Manifest,
  ) {
    this.vocab = manifest.vocabSize;
    const layers = Array.from({ length: manifest.numLayers }, (_, i) => i);
    this.names = {
      past: layers.flatMap((i) => [`past_key_values.${i}.key`, `past_key_values.${i}.value`]),
      present: layers.flatMap((i) => [`present.${i}.key`, `present.${i}.value`]),
    };
    this.caches = this.names.past.map(() => new PingPong());
    this.rowFloats = manifest.numKvHeads * manifest.headDim;
    this.ones = new BigInt64Array(manifest.contextLength).fill(1n);
  }

  /** Forget the cache and start `batch` empty rows. */
  reset(batch: number): void {
    this.batch = batch;
    this.pastLength = 0;
  }

  private shape(length: number): number[] {
    return [this.batch, this.manifest.numKvHeads, length, this.manifest.headDim];
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
    const pastFloats = batch * this.rowFloats * past;
    const totalFloats = batch * this.rowFloats * total;
    for (let i = 0; i < this.caches.length; i++) {
      const c = this.caches[i];
      c.ensure(totalFloats, pastFloats);
      f[this.names.past[i]] = new ort.Tensor('float32', c.current.subarray(0, pastFloats), this.shape(past));
      this.fetches[this.names.present[i]] = new ort.Tensor('float32', c.other.subarray(0, totalFloats), this.shape(total));
    }
    const logits = this.logits.subarray(0, batch * seq * this.vocab);
    this.fetches.logits = new ort.Tensor('float32', logits, [batch, seq, this.vocab]);
    await this.session.run(f, this.fetches);
    for (const c of this.caches) c.swap();
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
    const rowPast = this.rowFloats * past;
    const rowTotal = this.rowFloats * total;
    if (this.logits.length < batch * seq * V) this.logits = new Float32Array(batch * seq * V);
    for (const c of this.caches) c.ensure(batch * rowTotal, batch * rowPast);
    const ids = new BigInt64Array(seq);
    const positions = new BigInt64Array(seq);
    for (let s = 0; s < seq; s++) positions[s] = BigInt(past + s);
    const shape = (length: number) => [1, this.manifest.numKvHeads, length, this.manifest.headDim];
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
      this.caches.forEach((c, i) => {
        feeds[this.names.past[i]] = new ort.Tensor('float32', c.current.subarray(b * rowPast, (b + 1) * rowPast), shape(past));
        fetches[this.names.present[i]] = new ort.Tensor('float32', c.other.subarray(b * rowTotal, (b + 1) * rowTotal), shape(total));
      });
      await this.session.run(feeds, fetches);
    }
    for (const c of this.caches) c.swap();
    this.pastLength = total;
    return { data: this.logits.subarray(0, batch * seq * V), seq };
  }

  /** Repeat row 0 of the cache into `batch` rows: after a shared prefill, before batched sampling. */
  expand(batch: number): void {
    if (batch === this.batch) return;
    const rowCache = this.rowFloats * this.pastLength; // one row, all heads and positions: contiguous
    for (const c of this.caches) {
      c.ensure(batch * rowCache, rowCache);
      const data = c.current;
      for (let b = 1; b < batch; b++) data.copyWithin(b * rowCache, 0, rowCache);
    }
    this.batch = batch;
  }
}
