// The knobs the TUI turns: the settings table's TUI rows with their keys, steps and formats.
// Pure, so keys, the help, the plain log and tests share it.
import type { BridgeSettings, SettingKey } from '../live/types.ts';
import { formatSetting, settingRow, stepSetting, TUI_SETTINGS } from '../settings/table.ts';
import { settingValue } from '../settings/values.ts';

export interface ControlSpec {
  key: SettingKey;
  label: string;
  lowerKey: string; // direct key that lowers it ('' = only through the selection)
  raiseKey: string;
  format: (value: number) => string;
  /** The next value one step up (dir 1) or down (dir -1), clamped to the range. */
  step: (value: number, dir: 1 | -1) => number;
}

export const CONTROLS: ControlSpec[] = TUI_SETTINGS.map((key) => {
  const row = settingRow(key);
  return {
    key,
    label: row.label,
    lowerKey: row.keys?.[0] ?? '',
    raiseKey: row.keys?.[1] ?? '',
    format: (v: number) => formatSetting(key, v),
    step: (v: number, dir: 1 | -1) => stepSetting(key, v, dir),
  };
});

export function controlFor(key: SettingKey): ControlSpec {
  const spec = CONTROLS.find((c) => c.key === key);
  if (!spec) throw new Error(`no control for setting ${key}`);
  return spec;
}

export { settingValue };
