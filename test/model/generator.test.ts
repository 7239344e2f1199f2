// The worker-backed Generator: streams events, cancels, and reports a bad model in one clear line.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { Generator } from '../../src/model/generator.ts';
import { CancelledError } from '../../src/model/loop.ts';
import type { GenerateEvent } from '../../src/model/types.ts';
import { DEFAULT_SAMPLER } from '../../src/sampling/types.ts';

const DIR = new URL('../fixtures/tiny-model/', import.meta.url).pathname;
// BOS, then one 4/4 bar: Bar TimeSig_4/4 Position_0 Pitch_60 Velocity Duration
const SEED = [1, 3, 351, 137, 40, 106, 118];

let gen: Generator;
beforeAll(async () => {
  gen = await Generator.open(DIR, { device: 'cpu', threads: 1 });
});
afterAll(() => gen.close());

describe('Generator (worker thread)', () => {
  it('opens on the CPU, says so, and streams tokens, bars and done', async () => {
    expect(gen.provider).toBe('cpu');
    expect(gen.note).toMatch(/^running model\.int8\.onnx on cpu/);
    expect(gen.manifest.name).toBe('tiny-model');
    const events: GenerateEvent[] = [];
    const result = await gen.generate(
      { seedIds: SEED, bars: 3, sampler: DEFAULT_SAMPLER, rngSeed: 1, candidates: 1 },
      (e) => events.push(e),
    );
    expect(events.filter((e) => e.type === 'token').map((e) => (e as { id: number }).id)).toEqual(result.ids);
    expect(events.filter((e) => e.type === 'bar')).toHaveLength(3);
    expect(events.at(-1)).toEqual({ type: 'done', result });
    expect(result.provider).toBe('cpu');
  });

  it('cancel stops the running request; the next one still runs', async () => {
    const req = { seedIds: SEED, bars: 8, sampler: DEFAULT_SAMPLER, rngSeed: 2, candidates: 1 };
    const first = gen.generate(req, (e) => e.type === 'token' && e.count === 5 && gen.cancel());
    await expect(first).rejects.toBeInstanceOf(CancelledError);
    const second = await gen.generate({ ...req, bars: 1 });
    expect(second.bars).toBe(1);
  });

  it('a bad request is a UserError from the worker', async () => {
    const bad = gen.generate({ seedIds: [3, 351], bars: 2, sampler: DEFAULT_SAMPLER, rngSeed: 1, candidates: 1 });
    await expect(bad).rejects.toThrow(new UserError('the seed must start with BOS'));
  });
});

describe('after close', () => {
  it('generate rejects instead of waiting forever', async () => {
    const g = await Generator.open(DIR, { device: 'cpu', threads: 1 });
    await g.close();
    const req = { seedIds: SEED, bars: 1, sampler: DEFAULT_SAMPLER, rngSeed: 1, candidates: 1 };
    await expect(g.generate(req)).rejects.toThrow('the generation worker stopped');
  });
});

describe('bad model folders', () => {
  it('a missing folder names the path', async () => {
    await expect(Generator.open('/nonexistent/model')).rejects.toThrow(/^model folder not found: \/nonexistent\/model$/);
  });

  it('a corrupt model file names the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seedloop-corrupt-'));
    for (const f of ['manifest.json', 'tokenizer.json']) copyFileSync(join(DIR, f), join(dir, f));
    writeFileSync(join(dir, 'model.int8.onnx'), 'not an onnx file');
    const err = await Generator.open(dir, { device: 'cpu' }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toContain(`cannot load model ${join(dir, 'model.int8.onnx')}:`);
    expect(err.message).not.toContain('\n');
  });

  it('a corrupt manifest names the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seedloop-manifest-'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ name: 'x', numLayers: 'two' }));
    await expect(Generator.open(dir)).rejects.toThrow(`${join(dir, 'manifest.json')}: bad field "files"`);
  });
});
