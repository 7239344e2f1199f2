import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPresets, loadPreset, savePreset } from '../../src/sampling/presets.ts';
import { bridgeSettings } from '../../src/settings/values.ts';
import { rig } from './rig.ts';

/** Wait for file I/O to finish (real I/O, no timing involved). */
async function settle(done: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('engine presets', () => {
  it('saves the current settings as a preset and loads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seedloop-presets-'));
    const r = rig({ presets: { load: (n) => loadPreset(n, dir), save: (n, d) => savePreset(n, d, dir) } });
    r.engine.send({ type: 'set', key: 'temperature', value: 0.7 });
    r.engine.send({ type: 'set', key: 'loopBars', value: 4 });
    r.engine.send({ type: 'savePreset', name: 'warm' });
    await settle(() => r.engine.status !== null);
    expect(r.engine.status).toEqual({ level: 'info', message: 'preset warm saved' });
    expect(await listPresets(dir)).toEqual(['warm']);
    expect(r.engine.snapshot().settings.preset).toBe('warm');
    r.engine.send({ type: 'set', key: 'temperature', value: 1.8 });
    r.engine.send({ type: 'set', key: 'loopBars', value: 8 });
    r.engine.send({ type: 'preset', name: 'warm' });
    await settle(() => r.engine.status?.message === 'preset warm loaded');
    expect(r.engine.status).toEqual({ level: 'info', message: 'preset warm loaded' });
    const s = r.engine.snapshot().settings;
    expect(s.sampler.temperature).toBe(0.7);
    expect(s.loopBars).toBe(4);
    r.engine.send({ type: 'preset', name: 'missing' });
    await settle(() => r.engine.status?.level === 'error');
    expect(r.engine.snapshot().status).toMatchObject({ level: 'error', message: expect.stringMatching(/no preset "missing"/) });
  });

  it("a preset's style comes along when it loads, and goes when the next preset has none", async () => {
    expect(bridgeSettings({ sampler: { ...bridgeSettings().sampler, style: 'folk' } }).sampler.style).toBe('folk');
    const r = rig({ presets: { load: (n) => loadPreset(n), save: () => Promise.reject(new Error('read-only')) } });
    r.engine.send({ type: 'preset', name: 'folk' });
    await settle(() => r.engine.status?.message === 'preset folk loaded');
    expect(r.engine.snapshot().settings.sampler.style).toBe('folk');
    r.engine.send({ type: 'preset', name: 'default' });
    await settle(() => r.engine.status?.message === 'preset default loaded');
    expect(r.engine.snapshot().settings.sampler.style).toBeUndefined();
  });
});
