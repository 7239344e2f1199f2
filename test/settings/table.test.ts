// The settings table is the one place a range lives: every consumer (clamp, keys, knobs, CLI,
// presets) agrees with it, row by row.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { parsePreset } from '../../src/sampling/presets.ts';
import { ccToSetting, checkSettingFlags, clampSetting, formatSetting, settingProblem, SETTINGS, stepSetting } from '../../src/settings/table.ts';
import { bridgeSettings, settingValue, withSetting } from '../../src/settings/values.ts';

describe('settings table', () => {
  it.each(SETTINGS.map((r) => [r.key, r] as const))('%s: default inside, clamp, steps and knob stay inside the range', (key, row) => {
    expect(settingProblem(key, row.default)).toBeNull();
    expect(clampSetting(key, row.max + 1000)).toBe(row.max);
    expect(clampSetting(key, row.min - 1000)).toBe(row.min);
    expect(clampSetting(key, Number.NaN)).toBe(row.default);
    expect(stepSetting(key, row.max, 1)).toBe(row.max); // the top stays the top
    expect(stepSetting(key, row.min, -1)).toBe(row.min);
    expect(stepSetting(key, row.default, 1)).toBeGreaterThanOrEqual(row.default);
    expect(ccToSetting(key, 0)).toBe(row.min); // a knob sweeps the whole range
    expect(ccToSetting(key, 127)).toBe(row.max);
    for (let cc = 0; cc <= 127; cc++) expect(settingProblem(key, ccToSetting(key, cc))).toBeNull();
  });

  it('loop bars: 1, 2, 4, 8 or 16, snapped by the engine and refused elsewhere', () => {
    expect([1, 2, 4, 8, 16].map((v) => settingProblem('loopBars', v))).toEqual([null, null, null, null, null]);
    expect(settingProblem('loopBars', 3)).toBe('must be one of 1, 2, 4, 8, 16');
    expect(clampSetting('loopBars', 6)).toBe(4);
    expect(clampSetting('loopBars', 7)).toBe(8);
    expect([0, 32, 64, 96, 127].map((cc) => ccToSetting('loopBars', cc))).toEqual([1, 2, 4, 8, 16]);
    expect(stepSetting('loopBars', 3, 1)).toBe(4); // between rungs: the next rung that way
  });

  it('formats "off" where a value turns a sampler off', () => {
    expect(formatSetting('topP', 1)).toBe('off');
    expect(formatSetting('topK', 0)).toBe('off');
    expect(formatSetting('temperature', 0)).toBe('greedy');
    expect(formatSetting('temperature', 0.7)).toBe('0.70');
    expect(formatSetting('loopBars', 8)).toBe('8');
  });

  it('names the flag and the range of a bad CLI value in one line', () => {
    expect(() => checkSettingFlags({ 'top-p': 1.5 }, ['topP'])).toThrow(new UserError('--top-p 1.5: must be 0.05-1'));
    expect(() => checkSettingFlags({ bars: 3 }, ['loopBars'], { loopBars: 'bars' })).toThrow(new UserError('--bars 3: must be one of 1, 2, 4, 8, 16'));
    expect(() => checkSettingFlags({ channel: 2.5 }, ['channel'])).toThrow(new UserError('--channel 2.5: must be a whole number 1-16'));
    expect(() => checkSettingFlags({ 'seed-bars': 2, temperature: 0 }, ['seedBars', 'temperature'])).not.toThrow();
  });

  it('presets are checked against the same rows', () => {
    const base = { sampler: { temperature: 1, topK: 0, topP: 0.95, minP: 0.02, repetitionPenalty: 1 }, bars: 8, seedBars: 4, candidates: 1 };
    expect(parsePreset(base, 'p.json').bars).toBe(8);
    expect(() => parsePreset({ ...base, bars: 12 }, 'p.json')).toThrow('p.json: bad field "bars": must be one of 1, 2, 4, 8, 16');
    expect(() => parsePreset({ ...base, sampler: { ...base.sampler, minP: 0.9 } }, 'p.json')).toThrow('bad field "sampler.minP": must be 0-0.5');
  });

  it('bridge settings start from the defaults and every write is clamped', () => {
    const s = bridgeSettings({ loopBars: 5, sampler: { temperature: 9, topK: 3, topP: 1, minP: 0, repetitionPenalty: 1 } });
    expect(s.loopBars).toBe(4);
    expect(s.sampler.temperature).toBe(2);
    expect(s.seedBars).toBe(SETTINGS.find((r) => r.key === 'seedBars')!.default);
    expect(settingValue(withSetting(s, 'latencyMs', -900), 'latencyMs')).toBe(-500);
    expect(settingValue(withSetting(s, 'minP', 0.123456), 'minP')).toBe(0.12);
  });

  it("a preset's names (key, style, stage order) survive start-up as given", () => {
    const sampler = { ...bridgeSettings().sampler, key: 'A minor', style: 'game' as const, order: ['temperature', 'minP'] as never };
    const s = bridgeSettings({ sampler });
    expect([s.sampler.key, s.sampler.style, s.sampler.order]).toEqual(['A minor', 'game', ['temperature', 'minP']]);
    expect(bridgeSettings({ sampler: { ...sampler, key: 'off' } }).sampler.key).toBe('off');
  });
});
