// The knobs the TUI turns: the settings table's TUI rows with their keys, steps and formats, in
// groups shown a page at a time (80x24 holds two groups). Pure, so keys, the help, the plain log and tests share it.
import type { SettingKey } from '../live/types.ts';
import { formatSetting, settingRow, stepSetting, TUI_SETTINGS } from '../settings/table.ts';
import { settingValue } from '../settings/values.ts';

export type ControlGroup = 'sampler' | 'loop' | 'output' | 'feel' | 'musical' | 'follow';

/** Every TUI row's group: a new TUI row does not compile until it has one, so none is unreachable. */
const GROUP_OF: Record<SettingKey, ControlGroup> = {
  temperature: 'sampler', topP: 'sampler', topK: 'sampler', minP: 'sampler', repetitionPenalty: 'sampler',
  loopBars: 'loop', seedBars: 'loop', changeEvery: 'loop',
  channel: 'output', latencyMs: 'output', velocity: 'output',
  grooveAmount: 'feel', swing: 'feel', humanizeTiming: 'feel', humanizeVelocity: 'feel',
  keyStrength: 'musical', transpose: 'musical', density: 'musical', register: 'musical', motif: 'musical',
  tonal: 'follow', pitchFollow: 'follow', velocityFollow: 'follow', wrap: 'follow',
};

/** The pages of the controls panel, two columns each; tab steps through them. */
export const PAGES: ControlGroup[][] = [['sampler', 'loop'], ['output', 'feel'], ['musical', 'follow']];
const GROUP_ORDER = PAGES.flat();

export interface ControlSpec {
  key: SettingKey;
  label: string;
  group: ControlGroup;
  lowerKey: string; // direct key that lowers it ('' = only through the selection)
  raiseKey: string;
  format: (value: number) => string;
  /** The next value one step up (dir 1) or down (dir -1), clamped to the range. */
  step: (value: number, dir: 1 | -1) => number;
}

/** In page order (the table's order within a group), so ↑↓ walks page by page. */
export const CONTROLS: ControlSpec[] = TUI_SETTINGS.map((key) => {
  const row = settingRow(key);
  return {
    key,
    label: row.label,
    group: GROUP_OF[key],
    lowerKey: row.keys?.[0] ?? '',
    raiseKey: row.keys?.[1] ?? '',
    format: (v: number) => formatSetting(key, v),
    step: (v: number, dir: 1 | -1) => stepSetting(key, v, dir),
  };
}).sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));

export function controlFor(key: SettingKey): ControlSpec {
  const spec = CONTROLS.find((c) => c.key === key);
  if (!spec) throw new Error(`no control for setting ${key}`);
  return spec;
}

/** The page a control is on. */
export function pageOf(key: SettingKey): number {
  return PAGES.findIndex((groups) => groups.includes(controlFor(key).group));
}

/** The first control of the page `delta` pages from the one `key` is on (wrapping). */
export function pageStep(key: SettingKey, delta: 1 | -1): SettingKey {
  const page = PAGES[(pageOf(key) + delta + PAGES.length) % PAGES.length];
  return CONTROLS.find((c) => c.group === page[0])!.key;
}

export function groupControls(group: ControlGroup): ControlSpec[] {
  return CONTROLS.filter((c) => c.group === group);
}

export { settingValue };
