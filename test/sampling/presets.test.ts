// Presets: the shipped ones load; saving round-trips; a bad field is named in one line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { listPresets, loadPreset, savePreset } from '../../src/sampling/presets.ts';

describe('presets', () => {
  it('ships default, tight and wild, and they really differ', async () => {
    expect(await listPresets()).toEqual(expect.arrayContaining(['default', 'folk', 'game', 'tight', 'wild']));
    const [def, tight, wild] = await Promise.all(['default', 'tight', 'wild'].map((n) => loadPreset(n)));
    expect(def.bars).toBe(8);
    expect(tight.sampler.temperature).toBeLessThan(def.sampler.temperature);
    expect(tight.sampler.topP).toBeLessThan(def.sampler.topP);
    expect(tight.sampler.keyStrength).toBeGreaterThan(def.sampler.keyStrength ?? 0); // tighter to the seed's key
    expect(tight.sampler.register).toBeGreaterThanOrEqual(0); // and its register
    expect(wild.sampler.temperature).toBeGreaterThan(def.sampler.temperature);
    expect(wild.sampler.minP).toBeGreaterThan(def.sampler.minP);
    expect(wild.sampler.order?.[0]).toBe('minP'); // truncate first, then heat up
  });

  it('save then load round-trips, and the list grows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seedloop-presets-'));
    const data = { sampler: { temperature: 0.9, topK: 5, topP: 1, minP: 0, repetitionPenalty: 1.1 }, bars: 4, seedBars: 2, candidates: 2 };
    await savePreset('mine', data, dir);
    expect(await listPresets(dir)).toEqual(['mine']);
    expect(await loadPreset('mine', dir)).toEqual(data);
  });

  it('a bad field is one clear line naming the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seedloop-presets-'));
    const bad = { sampler: { temperature: 'hot', topK: 0, topP: 1, minP: 0, repetitionPenalty: 1 }, bars: 8, seedBars: 4, candidates: 1 };
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    const err = await loadPreset('bad', dir).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(new RegExp(`^${join(dir, 'bad.json')}: bad field "sampler.temperature": `));
    await expect(savePreset('x', { ...bad, sampler: { ...bad.sampler, temperature: 1 }, bars: 0 }, dir)).rejects.toThrow(
      'bad field "bars"',
    );
    await expect(loadPreset('nope', dir)).rejects.toThrow(/no preset "nope"/);
    await expect(savePreset('../evil', bad, dir)).rejects.toThrow(/preset name/);
    writeFileSync(join(dir, 'broken.json'), '{');
    await expect(loadPreset('broken', dir)).rejects.toThrow(/not valid JSON/);
  });
});
