// MIDI learn: a hardware knob (CC) drives a setting. Bindings live in the user's settings file,
// $SEEDLOOP_CONFIG_DIR or $XDG_CONFIG_HOME/seedloop (default ~/.config/seedloop)/settings.json.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SettingKey } from './types.ts';

export interface Binding {
  cc: number;
  channel: number; // 1-16
  target: SettingKey;
}

/** Each setting's knob range; integers where the setting is a count. */
export const SETTING_RANGES: Record<SettingKey, { min: number; max: number; integer?: boolean }> = {
  temperature: { min: 0.1, max: 2 },
  topP: { min: 0.5, max: 1 },
  topK: { min: 0, max: 64, integer: true },
  minP: { min: 0, max: 0.3 },
  repetitionPenalty: { min: 1, max: 2 },
  loopBars: { min: 1, max: 16, integer: true },
  seedBars: { min: 1, max: 8, integer: true },
};

/** A CC value 0-127 mapped onto a setting's range. */
export function ccToValue(target: SettingKey, value: number): number {
  const r = SETTING_RANGES[target];
  const v = r.min + ((r.max - r.min) * Math.max(0, Math.min(127, value))) / 127;
  return r.integer ? Math.round(v) : Math.round(v * 1000) / 1000;
}

export function clampSetting(target: SettingKey, value: number): number {
  const r = SETTING_RANGES[target];
  const v = Math.max(r.min, Math.min(r.max, value));
  return r.integer ? Math.round(v) : v;
}

export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.SEEDLOOP_CONFIG_DIR ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'seedloop');
  return join(dir, 'settings.json');
}

const KEYS = new Set(Object.keys(SETTING_RANGES));

/** Bindings from the settings file; a missing or broken file gives none (learn again). */
export function loadBindings(path: string): Binding[] {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { bindings?: unknown };
    if (!Array.isArray(data.bindings)) return [];
    return data.bindings.filter(
      (b): b is Binding =>
        typeof b === 'object' && b !== null && Number.isInteger(b.cc) && b.cc >= 0 && b.cc < 128 &&
        Number.isInteger(b.channel) && b.channel >= 1 && b.channel <= 16 && KEYS.has(b.target),
    );
  } catch {
    return [];
  }
}

/** Write bindings, keeping any other keys in the file; atomic via rename. */
export function saveBindings(path: string, bindings: Binding[]): void {
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    // new file
  }
  data.bindings = bindings;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
