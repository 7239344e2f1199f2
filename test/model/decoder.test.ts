// ORT logits with the KV cache equal the PyTorch reference exported with the tiny model.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decoder } from '../../src/model/decoder.ts';
import { loadManifest } from '../../src/model/manifest.ts';
import { openSession, type OpenedSession } from '../../src/model/session.ts';

const DIR = new URL('../fixtures/tiny-model/', import.meta.url).pathname;
const ref = JSON.parse(readFileSync(`${DIR}reference.json`, 'utf8')) as {
  input_ids: number[];
  decode_ids: number[];
  logits: number[][];
};

function maxAbsDiff(a: ArrayLike<number>, b: number[]): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// Every cache layout: slots fed by the packed new_kv output (seedloop's export), slots fed by the per-layer new.*
// outputs (its exports before new_kv), and ping-pong (present.* only, any export with the plain contract). The
// older layouts run the same graph with the newer outputs left out of the manifest.
const manifests = () => {
  const packed = loadManifest(DIR);
  const slots = { ...packed, outputs: packed.outputs.filter((o) => o !== 'new_kv') };
  return { 'packed slots': packed, slots, 'ping-pong': { ...slots, outputs: slots.outputs.filter((o) => !o.startsWith('new.')) } };
};

describe.each(['packed slots', 'slots', 'ping-pong'] as const)('decoder with a %s cache (fp32 tiny model, CPU)', (kind) => {
  const manifest = manifests()[kind];
  const V = manifest.vocabSize;
  let opened: OpenedSession;
  let dec: Decoder; // shared by the tests below: each starts with reset(), on buffers the others used
  beforeAll(async () => {
    opened = await openSession(DIR, manifest, { device: 'cpu', threads: 1, precision: 'fp32' });
    dec = new Decoder(opened.session, manifest);
  });
  afterAll(() => opened.session.release());

  it('prefill + cached decode reproduce the reference logits, in every row, on reused buffers', async () => {
    expect(manifest.outputs.includes('new_kv')).toBe(kind === 'packed slots');
    expect(manifest.outputs.includes('new.0.key')).toBe(kind !== 'ping-pong');
    for (const batch of [1, 3]) {
      dec.reset(1);
      const pre = await dec.forward([ref.input_ids], ref.input_ids.length);
      const last = pre.data.subarray((pre.seq - 1) * V, pre.seq * V);
      expect(maxAbsDiff(last, ref.logits[0])).toBeLessThan(1e-4);
      dec.expand(batch); // the cache, repeated per row, must decode the same in every row
      for (let k = 0; k < ref.decode_ids.length; k++) {
        const step = await dec.forward(Array.from({ length: batch }, () => [ref.decode_ids[k]]), 1);
        for (let b = 0; b < batch; b++) {
          expect(maxAbsDiff(step.data.subarray(b * V, (b + 1) * V), ref.logits[k + 1])).toBeLessThan(1e-4);
        }
      }
      expect(dec.pastLength).toBe(ref.input_ids.length + ref.decode_ids.length);
    }
  });

  it('a prefill longer than the chunk runs in chunks and gives every position the logits of one run', async () => {
    const chunked = new Decoder(opened.session, manifest, 20); // 48 tokens: chunks of 20, 20 and 8
    const n = ref.input_ids.length;
    expect(n).toBeGreaterThan(40);
    dec.reset(1);
    const whole = Float32Array.from((await dec.forward([ref.input_ids], n)).data);
    chunked.reset(1);
    const got = await chunked.forward(Int32Array.from(ref.input_ids), n);
    expect(got.seq).toBe(n);
    expect(maxAbsDiff(got.data, Array.from(whole))).toBeLessThan(1e-4);
    expect(chunked.pastLength).toBe(n);
    const step = await chunked.forward([[ref.decode_ids[0]]], 1);
    expect(maxAbsDiff(step.data, ref.logits[1])).toBeLessThan(1e-4);
  });

  it('keepRows drops finished rows and the kept ones decode as if alone', async () => {
    const [a, b, c] = ref.decode_ids;
    const alone = async (first: number) => {
      dec.reset(1);
      await dec.forward([ref.input_ids], ref.input_ids.length);
      await dec.forward([[first]], 1);
      return Float32Array.from((await dec.forward([[ref.decode_ids[0]]], 1)).data.subarray(0, V));
    };
    const wantA = await alone(a);
    const wantC = await alone(c);
    dec.reset(1);
    await dec.forward([ref.input_ids], ref.input_ids.length);
    dec.expand(3);
    await dec.forward([[a], [b], [c]], 1);
    dec.keepRows([0, 2]);
    expect(dec.batch).toBe(2);
    const got = await dec.forward([[ref.decode_ids[0]], [ref.decode_ids[0]]], 1);
    expect(maxAbsDiff(got.data.subarray(0, V), Array.from(wantA))).toBeLessThan(1e-4);
    expect(maxAbsDiff(got.data.subarray(V, 2 * V), Array.from(wantC))).toBeLessThan(1e-4);
  });

  it('refill (rolling context): a row restarts from a shorter window from position 0 and decodes as if alone', async () => {
    const window = ref.input_ids.slice(0, 9);
    const [a, b] = ref.decode_ids;
    const alone: Float32Array[] = [];
    dec.reset(1);
    await dec.forward([window], window.length);
    for (const id of [a, b]) alone.push(Float32Array.from((await dec.forward([[id]], 1)).data.subarray(0, V)));
    dec.reset(1);
    await dec.forward([ref.input_ids], ref.input_ids.length);
    dec.expand(3);
    if (kind === 'ping-pong') {
      // one packed length for every row: a single row cannot roll there, and it says so
      await expect(dec.refill(1, window)).rejects.toThrow(/new\.\* outputs/);
      return;
    }
    await dec.refill(1, window);
    expect(dec.lengths).toEqual([ref.input_ids.length, window.length, ref.input_ids.length]);
    for (const [k, id] of [a, b].entries()) {
      const step = await dec.forward([[id], [id], [id]], 1);
      expect(maxAbsDiff(step.data.subarray(V, 2 * V), Array.from(alone[k]))).toBeLessThan(1e-4);
      for (const row of [0, 2]) expect(maxAbsDiff(step.data.subarray(row * V, (row + 1) * V), ref.logits[k + 1])).toBeLessThan(1e-4);
    }
    expect(dec.lengths).toEqual([ref.input_ids.length + 2, window.length + 2, ref.input_ids.length + 2]);
    dec.keepRows([1]); // the rolled row alone, at batch 1 again
    expect(dec.lengths).toEqual([window.length + 2]);
  });

  it('refill at batch 1 is a fresh prefill, and a window longer than the context is refused', async () => {
    dec.reset(1);
    await dec.forward([ref.input_ids], ref.input_ids.length);
    await dec.refill(0, ref.input_ids.slice(0, 5));
    expect(dec.lengths).toEqual([5]);
    const got = await dec.forward([ref.input_ids.slice(5)], ref.input_ids.length - 5);
    expect(maxAbsDiff(got.data.subarray((got.seq - 1) * V, got.seq * V), ref.logits[0])).toBeLessThan(1e-4);
    const tooLong = new Array(manifest.contextLength + 1).fill(ref.input_ids[0]);
    await expect(dec.refill(0, tooLong)).rejects.toThrow(/context full/);
  });

  it('a multi-token chunk over a batched cache equals feeding it whole, and decoding goes on from it', async () => {
    const cut = 20;
    const rest = ref.input_ids.slice(cut);
    dec.reset(1);
    await dec.forward([ref.input_ids.slice(0, cut)], cut);
    dec.expand(2);
    const chunk = await dec.forward([rest, rest], rest.length);
    for (let b = 0; b < 2; b++) {
      const at = (b * rest.length + rest.length - 1) * V;
      expect(maxAbsDiff(chunk.data.subarray(at, at + V), ref.logits[0])).toBeLessThan(1e-4);
    }
    const step = await dec.forward([[ref.decode_ids[0]], [ref.decode_ids[0]]], 1);
    expect(maxAbsDiff(step.data.subarray(V, 2 * V), ref.logits[1])).toBeLessThan(1e-4);
  });
});

describe('device choice', () => {
  it('an explicit GPU device either runs there or says in one line why not; auto always ends up running', async () => {
    const manifest = loadManifest(DIR);
    for (const device of ['webgpu', 'cuda'] as const) {
      const got = await openSession(DIR, manifest, { device }).catch((e: Error) => e);
      if (got instanceof Error) expect(got.message).toMatch(new RegExp(`^device ${device} unavailable: [^\\n]+$`));
      else {
        expect(got.provider).toBe(device);
        await got.session.release();
      }
    }
    const auto = await openSession(DIR, manifest, { device: 'auto', threads: 1 });
    expect(auto.note).toMatch(new RegExp(`^running model\\.(int8\\.)?onnx on ${auto.provider}`));
    await auto.session.release();
  });
});
