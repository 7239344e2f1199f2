// auto on the real runtime: the CPU calibration of the tiny model, the choice cached in a temp dir.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALIBRATION, calibrate, calibrationSeed, openAuto } from '../../src/model/autoDevice.ts';
import { loadManifest } from '../../src/model/manifest.ts';
import { openProvider, reason } from '../../src/model/session.ts';

const DIR = new URL('../fixtures/tiny-model/', import.meta.url).pathname;
const manifest = loadManifest(DIR);
let cache: string;
const saved = process.env.SEEDLOOP_CACHE_DIR;

beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), 'seedloop-auto-'));
  process.env.SEEDLOOP_CACHE_DIR = cache;
});
afterAll(() => {
  if (saved === undefined) delete process.env.SEEDLOOP_CACHE_DIR;
  else process.env.SEEDLOOP_CACHE_DIR = saved;
  rmSync(cache, { recursive: true, force: true });
});

describe('calibration', () => {
  it('a seed of the usual length within the context, starting at BOS', () => {
    const seed = calibrationSeed(manifest);
    expect(seed.length).toBe(Math.min(CALIBRATION.seedTokens, Math.floor(manifest.contextLength / 4)));
    expect(seed[0]).toBe(manifest.specialIds.BOS);
    expect(Math.max(...seed)).toBeLessThan(manifest.vocabSize);
  });

  it('measures the CPU at batch 1 and batch K on the real model, and names a provider that cannot run', async () => {
    const run = await calibrate(DIR, manifest, ['cpu', 'coreml'], { threads: 1 }, openProvider, reason);
    expect(run.measured.map((m) => m.provider)).toEqual(['cpu']);
    const [cpu] = run.measured;
    expect(cpu.K).toBe(CALIBRATION.K);
    expect(cpu.batch1).toBeGreaterThan(0);
    expect(Number.isFinite(cpu.batchK)).toBe(true);
    expect(run.skipped).toEqual(['coreml: not on this platform (CoreML runs on macOS only); fix: use --device cpu or auto']);
    for (const s of run.sessions.values()) await s.session.release();
  });

  it('auto measures once, says what it chose and each speed, then reads the choice from the cache', async () => {
    const found = { ok: ['cpu', 'webgpu'] as const, skipped: [] };
    const first = await openAuto(DIR, manifest, { threads: 1 }, openProvider, reason, { ok: [...found.ok], skipped: [] });
    expect(first.note).toMatch(/^running model\.int8\.onnx on (cpu|webgpu) \(auto: (cpu|webgpu) \(measured decode tok\/s at batch 1\/4: cpu [\d.]+\/[\d.]+/);
    // without a GPU here, webgpu either measured slower or was skipped with its reason
    if (first.provider === 'cpu') expect(first.note).toMatch(/webgpu( [\d.]+\/[\d.]+|: .+)/);
    await first.session.release();
    expect(existsSync(join(cache, 'devices.json'))).toBe(true);
    const second = await openAuto(DIR, manifest, { threads: 1 }, openProvider, reason, { ok: [...found.ok], skipped: [] });
    expect(second.provider).toBe(first.provider);
    expect(second.note).toMatch(/\(auto: (cpu|webgpu) \(cached decode tok\/s/);
    await second.session.release();
  });
});
