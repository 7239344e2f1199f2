// What the musician changes on a running engine: settings, MIDI-learned knobs, presets.
import { ccToValue, clampSetting, saveBindings } from './learn.ts';
import type { LiveEngine } from './engine.ts';
import type { SettingKey } from './types.ts';

/** Set one setting, clamped to its range; it applies to the next variant (and the next seed). */
export function applySetting(e: LiveEngine, key: SettingKey, value: number): void {
  if (!Number.isFinite(value)) return;
  const v = clampSetting(key, value);
  if (key === 'loopBars' || key === 'seedBars') {
    e.settings = { ...e.settings, [key]: v };
    if (key === 'seedBars' && e.capture.state === 'armed') e.capture = e.newCapture();
  } else {
    e.settings = { ...e.settings, sampler: { ...e.settings.sampler, [key]: v } };
  }
}

/** A CC either completes MIDI learn or moves a bound setting; false when it is neither. */
export function learnOrControl(e: LiveEngine, channel: number, cc: number, value: number): boolean {
  if (e.learnTarget) {
    const target = e.learnTarget;
    e.bindings = [...e.bindings.filter((b) => b.target !== target && !(b.cc === cc && b.channel === channel)), { cc, channel, target }];
    e.learnTarget = null;
    if (e.opts.settingsFile) saveBindings(e.opts.settingsFile, e.bindings);
    e.setStatus('info', `CC ${cc} (channel ${channel}) now controls ${target}`);
    return true;
  }
  const binding = e.bindings.find((b) => b.cc === cc && b.channel === channel);
  if (!binding) return false;
  applySetting(e, binding.target, ccToValue(binding.target, value));
  e.notify();
  return true;
}

export async function loadPresetInto(e: LiveEngine, name: string): Promise<void> {
  if (!e.opts.presets) return e.setStatus('warn', 'presets are not available here');
  try {
    const p = await e.opts.presets.load(name);
    const { temperature, topK, topP, minP, repetitionPenalty } = p.sampler;
    e.settings = { ...e.settings, sampler: { temperature, topK, topP, minP, repetitionPenalty }, loopBars: p.bars, seedBars: p.seedBars, preset: name };
    e.candidates = p.candidates;
    e.setStatus('info', `preset ${name} loaded`);
  } catch (err) {
    e.fail(err instanceof Error ? err.message : String(err));
  }
}

export async function savePresetFrom(e: LiveEngine, name: string): Promise<void> {
  if (!e.opts.presets) return e.setStatus('warn', 'presets are not available here');
  try {
    const s = e.settings;
    await e.opts.presets.save(name, { sampler: s.sampler, bars: s.loopBars, seedBars: s.seedBars, candidates: e.candidates });
    e.settings = { ...e.settings, preset: name };
    e.setStatus('info', `preset ${name} saved`);
  } catch (err) {
    e.fail(err instanceof Error ? err.message : String(err));
  }
}
