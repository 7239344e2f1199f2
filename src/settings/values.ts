// The live bridge's settings as one plain object, read and written by table key. A new row of
// src/settings/table.ts needs only its field here (place 'bridge') or in SamplerSettings (place
// 'sampler': sent with every generation request); defaults, clamping and the snapshot follow.
import type { SamplerSettings } from '../sampling/types.ts';
import { clampSetting, SAMPLER_KEYS, settingDefault, settingRows, type LiveSettingKey, type SamplerKey } from './table.ts';

export interface BridgeSettings {
  sampler: SamplerSettings; // rows with place 'sampler': sent with every generation request
  loopBars: number;
  seedBars: number;
  channel: number; // output channel 1-16
  latencyMs: number;
  preset: string;
  hold: boolean; // keep the current loop, no new variants
  velocity: number; // velocity scaling of the loop, percent
  changeEvery: number; // passes before a fresh variant takes over (0: only on request)
  muted: boolean; // the loop runs on silently (panic mutes too)
  // feel (src/feel), rows of the settings table
  grooveAmount: number;
  swing: number;
  swingGrid: number;
  humanizeTiming: number;
  humanizeVelocity: number;
}

const isSamplerKey = (key: LiveSettingKey): key is SamplerKey => (SAMPLER_KEYS as string[]).includes(key);

/** The table's defaults, with `given` laid over them (each value clamped to its row). */
export function bridgeSettings(given: Partial<BridgeSettings> = {}): BridgeSettings {
  const bridgeRows = settingRows((r) => r.place === 'bridge').map((r) => [r.key, r.default]);
  let s = {
    sampler: Object.fromEntries(SAMPLER_KEYS.map((k) => [k, settingDefault(k)])) as unknown as SamplerSettings,
    ...Object.fromEntries(bridgeRows),
    preset: given.preset ?? 'default',
    hold: given.hold ?? false,
    muted: given.muted ?? false,
  } as BridgeSettings;
  const { sampler, ...rest } = given;
  // The sampler's names (stage order, key, style) are not table rows: kept as given, checked where they are parsed.
  for (const name of ['order', 'key', 'style'] as const) {
    if (sampler?.[name] !== undefined) s = { ...s, sampler: { ...s.sampler, [name]: sampler[name] } };
  }
  for (const [k, v] of [...Object.entries(sampler ?? {}), ...Object.entries(rest)]) {
    if (typeof v === 'number') s = withSetting(s, k as LiveSettingKey, v);
  }
  return s;
}

export function settingValue(settings: BridgeSettings, key: LiveSettingKey): number {
  return isSamplerKey(key) ? (settings.sampler[key] ?? settingDefault(key)) : settings[key]; // musical rows may be absent (off)
}

/** A copy with `key` set to `value`, clamped to its row. */
export function withSetting(settings: BridgeSettings, key: LiveSettingKey, value: number): BridgeSettings {
  const v = clampSetting(key, value);
  return isSamplerKey(key) ? { ...settings, sampler: { ...settings.sampler, [key]: v } } : { ...settings, [key]: v };
}
