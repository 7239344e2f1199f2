// auto's choice and its one line, from injected speeds; the cache file in a temp dir.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheDir, cacheKey, choiceLine, chooseProvider, type Measured, readCachedChoice, writeCachedChoice } from '../../src/model/devicePolicy.ts';

const m = (provider: Measured['provider'], batch1: number, batchK: number): Measured => ({ provider, batch1, batchK, K: 4 });

describe('chooseProvider', () => {
  it.each([
    ['only the CPU', [m('cpu', 480, 1200)], 'cpu'],
    ['a GPU slower at batch 1 (WebGPU on the H200 host: 54 against 480)', [m('cpu', 480, 1200), m('webgpu', 54, 200)], 'cpu'],
    ['a GPU faster at batch 1 but slower at batch K', [m('cpu', 480, 1200), m('cuda', 600, 900)], 'cpu'],
    ['a GPU faster at both', [m('cpu', 480, 1200), m('cuda', 900, 6000)], 'cuda'],
    ['equal is not faster', [m('cpu', 480, 1200), m('cuda', 480, 1200)], 'cpu'],
    ['two faster GPUs: the faster at batch 1', [m('cpu', 100, 200), m('webgpu', 300, 2000), m('cuda', 250, 4000)], 'webgpu'],
    ['order does not matter', [m('dml', 300, 900), m('cpu', 100, 200)], 'dml'],
  ] as const)('%s', (_, measured, expected) => {
    expect(chooseProvider([...measured])).toBe(expected);
  });

  it('refuses a calibration with no CPU baseline', () => {
    expect(() => chooseProvider([m('cuda', 1, 1)])).toThrow(/no CPU baseline/);
  });
});

describe('choiceLine', () => {
  it.each([
    [{ provider: 'cpu', measured: [], skipped: [] }, 'measured', 'auto: cpu, the only provider here'],
    [{ provider: 'cpu', measured: [], skipped: ['cuda: CUDA provider libraries not installed'] }, 'measured', 'auto: cpu, the only provider here; cuda: CUDA provider libraries not installed'],
    [
      { provider: 'cpu', measured: [m('cpu', 480.4, 1210), m('webgpu', 54.26, 200)], skipped: [] },
      'measured',
      'auto: cpu (measured decode tok/s at batch 1/4: cpu 480/1210, webgpu 54.3/200)',
    ],
    [
      { provider: 'cuda', measured: [m('cpu', 480, 1200), m('cuda', 900, 6000)], skipped: ['webgpu: no WebGPU adapter'] },
      'cached',
      'auto: cuda (cached decode tok/s at batch 1/4: cpu 480/1200, cuda 900/6000); webgpu: no WebGPU adapter',
    ],
  ] as const)('%#: %s', (choice, from, expected) => {
    expect(choiceLine({ ...choice, measured: [...choice.measured], skipped: [...choice.skipped] }, from)).toBe(expected);
  });
});

describe('the cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seedloop-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lives in $SEEDLOOP_CACHE_DIR, else $XDG_CACHE_HOME/seedloop, else ~/.cache/seedloop', () => {
    expect(cacheDir({ SEEDLOOP_CACHE_DIR: '/x', XDG_CACHE_HOME: '/y' })).toBe('/x');
    expect(cacheDir({ XDG_CACHE_HOME: '/y' })).toBe('/y/seedloop');
    expect(cacheDir({})).toMatch(/\/\.cache\/seedloop$/);
  });

  it('keys a choice by the model file, the machine, the threads and the providers', () => {
    const file = join(dir, 'model.onnx');
    writeFileSync(file, 'x');
    const key = cacheKey(file, ['cpu', 'cuda'], 2, '1.30.0');
    expect(key).toContain(file);
    expect(key).toContain(`${process.platform}-${process.arch}`);
    expect(cacheKey(file, ['cpu', 'cuda'], 1, '1.30.0')).not.toBe(key);
    expect(cacheKey(file, ['cpu'], 2, '1.30.0')).not.toBe(key);
    writeFileSync(file, 'xy'); // the model changed: measure again
    expect(cacheKey(file, ['cpu', 'cuda'], 2, '1.30.0')).not.toBe(key);
  });

  it('remembers a choice per key, keeps the others, and shrugs off a damaged file', () => {
    const a = { provider: 'cuda' as const, measured: [m('cpu', 1, 1), m('cuda', 2, 2)], skipped: [] };
    const b = { provider: 'cpu' as const, measured: [m('cpu', 3, 3)], skipped: ['webgpu: x'] };
    expect(readCachedChoice(dir, 'a')).toBeNull();
    writeCachedChoice(dir, 'a', a);
    writeCachedChoice(dir, 'b', b);
    expect(readCachedChoice(dir, 'a')).toEqual(a);
    expect(readCachedChoice(dir, 'b')).toEqual(b);
    writeFileSync(join(dir, 'devices.json'), '{not json');
    expect(readCachedChoice(dir, 'a')).toBeNull();
    writeCachedChoice(dir, 'a', a);
    expect(readCachedChoice(dir, 'a')).toEqual(a);
  });
});
