// The model with its KV cache: prefill once, then one token per row per step. The `present.*` tensors
// ORT returns are fed straight back as `past_key_values.*` (no copies in JS); the feeds object and the
// id/position/mask buffers are allocated once and reused every step.
import ort from 'onnxruntime-node';
import type { Manifest } from './manifest.ts';

export interface Logits {
  data: Float32Array; // [batch, seq, vocab]
  seq: number;
}

export class Decoder {
  readonly vocab: number;
  batch = 1;
  pastLength = 0;
  private readonly names: { past: string[]; present: string[] };
  private readonly feeds: Record<string, ort.Tensor> = {};
  private ones: BigInt64Array; // attention mask: every entry is 1, so any prefix of it has the right content
  private ids = new BigInt64Array(0);
  private positions = new BigInt64Array(0);

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
    this.ones = new BigInt64Array(manifest.contextLength).fill(1n);
  }

  /** Forget the cache and start `batch` empty rows. */
  reset(batch: number): void {
    this.batch = batch;
    this.pastLength = 0;
    const { numKvHeads, headDim } = this.manifest;
    for (const name of this.names.past) {
      this.feeds[name] = new ort.Tensor('float32', new Float32Array(0), [batch, numKvHeads, 0, headDim]);
    }
  }

  /**
   * Feed `tokens` ([batch][seq], every row the same length) after the cache; returns the logits of all
   * fed positions. Rows shorter than others must be padded at the END (causal: padding never leaks back).
   */
  async forward(tokens: ArrayLike<number>[] | Int32Array, seq: number): Promise<Logits> {
    const { batch } = this;
    const total = this.pastLength + seq;
    if (total > this.manifest.contextLength) {
      throw new Error(`context full: ${total} > ${this.manifest.contextLength} tokens`);
    }
    if (this.ones.length < batch * total) {
      this.ones = new BigInt64Array(batch * this.manifest.contextLength).fill(1n);
    }
    if (this.ids.length !== batch * seq) {
      this.ids = new BigInt64Array(batch * seq);
      this.positions = new BigInt64Array(batch * seq);
    }
    for (let b = 0; b < batch; b++) {
      const row = tokens instanceof Int32Array ? null : tokens[b];
      for (let s = 0; s < seq; s++) {
        this.ids[b * seq + s] = BigInt(row ? row[s] : (tokens as Int32Array)[b * seq + s]);
        this.positions[b * seq + s] = BigInt(this.pastLength + s);
      }
    }
    const f = this.feeds;
    f.input_ids = new ort.Tensor('int64', this.ids, [batch, seq]);
    f.position_ids = new ort.Tensor('int64', this.positions, [batch, seq]);
    f.attention_mask = new ort.Tensor('int64', this.ones.subarray(0, batch * total), [batch, total]);
    const out = await this.session.run(f);
    for (let i = 0; i < this.names.past.length; i++) f[this.names.past[i]] = out[this.names.present[i]];
    this.pastLength = total;
    return { data: out.logits.data as Float32Array, seq };
  }

  /** Repeat row 0 of the cache into `batch` rows: after a shared prefill, before batched sampling. */
  expand(batch: number): void {
    if (batch === this.batch) return;
    const { numKvHeads, headDim } = this.manifest;
    for (const name of this.names.past) {
      const src = this.feeds[name].data as Float32Array;
      const data = new Float32Array(src.length * batch);
      for (let b = 0; b < batch; b++) data.set(src, b * src.length);
      this.feeds[name] = new ort.Tensor('float32', data, [batch, numKvHeads, this.pastLength, headDim]);
    }
    this.batch = batch;
  }
}
