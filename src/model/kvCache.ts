// Where the KV cache lives between steps. onnxruntime-node reads inputs straight from our typed arrays and
// writes preallocated outputs into them, but it also copies every fetched output into a fresh JS array, so
// the cost of a step grows with whatever is fetched. Two layouts, picked by what the graph outputs:
//  - SlotCache (graphs with new.* outputs, i.e. seedloop's fused export): one buffer per cache tensor with
//    room for `capacity` positions; GroupQueryAttention reads the valid prefix of it, only the fed positions
//    come back, and we write them into their slots. Nothing per step grows with the past. They come back in one
//    output (new_kv, every layer's new.* packed) where the graph has it: each fetched output costs
//    onnxruntime-node a fresh array and a Tensor, so one fetch is cheaper than 2 per layer.
//  - PingPongCache (any graph with the plain present.* contract): ORT writes present.* (past + new) into the
//    spare of two buffers, which then becomes the cache. Correct for every export, O(past) per step.
import ort from 'onnxruntime-node';
import type { Manifest } from './manifest.ts';

type Tensors = Record<string, ort.Tensor>;

export interface KvCache {
  /** Whether rows may hold different lengths (each row run and committed on its own). */
  readonly rowsMayDiffer: boolean;
  /** Make room for `total` positions in each of `batch` rows, keeping the first `past` of every row. */
  reserve(batch: number, past: number, total: number): void;
  /** Add the past inputs and the cache outputs of rows [from, to) to a run's feeds and fetches. */
  bind(feeds: Tensors, fetches: Tensors, from: number, to: number, past: number, seq: number): void;
  /** After rows [from, to) ran (all rows, for ping-pong): the fed positions are now part of the cache. */
  commit(from: number, to: number, past: number, seq: number): void;
  /** Repeat row 0 into rows 1..batch-1 (after a shared prefill). */
  expand(batch: number, past: number): void;
  /** Keep only `rows` (ascending), moved to the front in that order. */
  keep(rows: number[], past: number): void;
}

/** Move row slabs of `rowFloats` to the front; ascending sources never overwrite one not yet moved. */
function compact(buf: Float32Array, rows: number[], rowFloats: number): void {
  rows.forEach((src, dst) => {
    if (src !== dst) buf.copyWithin(dst * rowFloats, src * rowFloats, (src + 1) * rowFloats);
  });
}

const layerNames = (m: Manifest, prefix: string) =>
  Array.from({ length: m.numLayers }, (_, i) => [`${prefix}${i}.key`, `${prefix}${i}.value`]).flat();

/** The packed output: [batch, 2 * layers * kvHeads, seq, headDim], cache tensor i's heads at [i * kvHeads, ...). */
export const PACKED_NEW = 'new_kv';

export function makeKvCache(m: Manifest): KvCache {
  if (m.outputs.includes(PACKED_NEW)) return new SlotCache(m, true);
  const hasNew = layerNames(m, 'new.').every((name) => m.outputs.includes(name));
  return hasNew ? new SlotCache(m, false) : new PingPongCache(m);
}

/** Cache tensors laid out [batch, kvHeads, capacity, headDim]; positions past `past` are free slots. */
export class SlotCache implements KvCache {
  readonly rowsMayDiffer = true;
  private readonly past: string[];
  private readonly fresh: string[];
  private bufs: Float32Array[];
  // where the fed positions land before commit() writes them into their slots: one packed buffer (new_kv), or one
  // per cache tensor (new.*)
  private news: Float32Array[];
  private capacity = 0;
  private batch = 0;

  constructor(
    private readonly m: Manifest,
    private readonly packed: boolean,
  ) {
    this.past = layerNames(m, 'past_key_values.');
    this.fresh = packed ? [PACKED_NEW] : layerNames(m, 'new.');
    this.bufs = this.past.map(() => new Float32Array(0));
    this.news = this.fresh.map(() => new Float32Array(0));
  }

  reserve(batch: number, past: number, total: number): void {
    if (total <= this.capacity && batch <= this.batch) return;
    // Grow in steps of 128 positions: a move costs O(past) once per 128 steps, not every step.
    const capacity = Math.min(this.m.contextLength, Math.max(this.capacity, Math.ceil(total / 128) * 128));
    const rows = Math.max(batch, this.batch);
    const H = this.m.numKvHeads;
    const D = this.m.headDim;
    this.bufs = this.bufs.map((old) => {
      const next = new Float32Array(rows * H * capacity * D);
      for (let b = 0; b < this.batch; b++) {
        for (let h = 0; h < H; h++) {
          const from = (b * H + h) * this.capacity * D;
          next.set(old.subarray(from, from + past * D), (b * H + h) * capacity * D);
        }
      }
      return next;
    });
    this.capacity = capacity;
    this.batch = rows;
  }

  bind(feeds: Tensors, fetches: Tensors, from: number, to: number, _past: number, seq: number): void {
    const { numKvHeads: H, headDim: D } = this.m;
    const row = H * this.capacity * D;
    for (let i = 0; i < this.past.length; i++) {
      feeds[this.past[i]] = new ort.Tensor('float32', this.bufs[i].subarray(from * row, to * row), [to - from, H, this.capacity, D]);
    }
    const heads = this.packed ? this.past.length * H : H; // heads per row of each fetched tensor
    const newRow = heads * seq * D;
    for (let j = 0; j < this.fresh.length; j++) {
      if (this.news[j].length < this.batch * newRow) this.news[j] = new Float32Array(this.batch * newRow);
      fetches[this.fresh[j]] = new ort.Tensor('float32', this.news[j].subarray(from * newRow, to * newRow), [to - from, heads, seq, D]);
    }
  }

  commit(from: number, to: number, past: number, seq: number): void {
    const { numKvHeads: H, headDim: D } = this.m;
    const n = this.past.length;
    for (let i = 0; i < n; i++) {
      const buf = this.bufs[i];
      const fresh = this.packed ? this.news[0] : this.news[i];
      for (let b = from; b < to; b++) {
        for (let h = 0; h < H; h++) {
          // head h of row b: in new_kv at [b, i * H + h], in new.* at [b, h]
          const src = (this.packed ? (b * n + i) * H + h : b * H + h) * seq * D;
          buf.set(fresh.subarray(src, src + seq * D), ((b * H + h) * this.capacity + past) * D);
        }
      }
    }
  }

  expand(batch: number, past: number): void {
    this.reserve(batch, past, Math.max(past, 1));
    const row = this.m.numKvHeads * this.capacity * this.m.headDim;
    for (const buf of this.bufs) for (let b = 1; b < batch; b++) buf.copyWithin(b * row, 0, row);
  }

  keep(rows: number[]): void {
    for (const buf of this.bufs) compact(buf, rows, this.m.numKvHeads * this.capacity * this.m.headDim);
  }
}

/** Two buffers per cache tensor, each [batch, kvHeads, length, headDim] packed; `cur` holds the cache. */
export class PingPongCache implements KvCache {
  readonly rowsMayDiffer = false; // one packed length for every row
  private readonly past: string[];
  private readonly present: string[];
  private bufs: [Float32Array, Float32Array][];
  private cur = 0;

  constructor(private readonly m: Manifest) {
    this.past = layerNames(m, 'past_key_values.');
    this.present = layerNames(m, 'present.');
    this.bufs = this.past.map(() => [new Float32Array(0), new Float32Array(0)]);
  }

  private get rowFloats(): number {
    return this.m.numKvHeads * this.m.headDim;
  }

  reserve(batch: number, past: number, total: number): void {
    const floats = batch * this.rowFloats * total;
    this.bufs = this.bufs.map((pair) => {
      if (pair[0].length >= floats) return pair;
      const size = Math.max(floats, pair[0].length * 2);
      const next: [Float32Array, Float32Array] = [new Float32Array(size), new Float32Array(size)];
      next[this.cur].set(pair[this.cur].subarray(0, batch * this.rowFloats * past));
      return next;
    });
  }

  bind(feeds: Tensors, fetches: Tensors, from: number, to: number, past: number, seq: number): void {
    const { numKvHeads: H, headDim: D } = this.m;
    const total = past + seq;
    const pastRow = this.rowFloats * past;
    const totalRow = this.rowFloats * total;
    for (let i = 0; i < this.past.length; i++) {
      const pair = this.bufs[i];
      feeds[this.past[i]] = new ort.Tensor('float32', pair[this.cur].subarray(from * pastRow, to * pastRow), [to - from, H, past, D]);
      fetches[this.present[i]] = new ort.Tensor('float32', pair[1 - this.cur].subarray(from * totalRow, to * totalRow), [to - from, H, total, D]);
    }
  }

  commit(): void {
    this.cur = 1 - this.cur;
  }

  expand(batch: number, past: number): void {
    const row = this.rowFloats * past; // one row, all heads and positions: contiguous
    this.reserve(batch, past, past);
    for (const pair of this.bufs) for (let b = 1; b < batch; b++) pair[this.cur].copyWithin(b * row, 0, row);
  }

  keep(rows: number[], past: number): void {
    for (const pair of this.bufs) compact(pair[this.cur], rows, this.rowFloats * past);
  }
}
