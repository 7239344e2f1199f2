// The knobs the TUI turns: how each setting steps, clamps and reads. Pure, so keys and tests share it.
import type { BridgeSettings, SettingKey } from '../live/types.ts';

export interface ControlSpec {
  key: SettingKey;
  label: string;
  lowerKey: string; // direct key that lowers it ('' = only through the selection)
  raiseKey: string;
  format: (value: number) => string;
  /** The next value one step up (dir 1) or down (dir -1), clamped to the range. */
  step: (value: number, dir: 1 | -1) => number;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

function linear(step: number, min: number, max: number, digits: number) {
  return (value: number, dir: 1 | -1) => round(Math.min(max, Math.max(min, value + dir * step)), digits);
}

/** Steps along a ladder of useful values; a value between rungs moves to the nearest rung that way. */
function ladder(rungs: number[]) {
  return (value: number, dir: 1 | -1) => {
    if (dir > 0) return rungs.find((r) => r > value) ?? rungs[rungs.length - 1];
    return [...rungs].reverse().find((r) => r < value) ?? rungs[0];
  };
}

const offAt = (off: number, digits: number) => (v: number) => (v === off ? 'off' : v.toFixed(digits));

export const CONTROLS: ControlSpec[] = [
  { key: 'temperature', label: 'temperature', lowerKey: 't', raiseKey: 'T', format: (v) => v.toFixed(2), step: linear(0.05, 0.05, 2, 2) },
  { key: 'topP', label: 'top-p', lowerKey: 'p', raiseKey: 'P', format: offAt(1, 2), step: linear(0.05, 0.05, 1, 2) },
  { key: 'topK', label: 'top-k', lowerKey: 'k', raiseKey: 'K', format: (v) => (v === 0 ? 'off' : String(v)), step: ladder([0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64]) },
  { key: 'minP', label: 'min-p', lowerKey: 'n', raiseKey: 'N', format: offAt(0, 2), step: linear(0.01, 0, 0.5, 2) },
  { key: 'repetitionPenalty', label: 'rep. penalty', lowerKey: '', raiseKey: '', format: offAt(1, 2), step: linear(0.05, 1, 2, 2) },
  { key: 'loopBars', label: 'loop bars', lowerKey: 'b', raiseKey: 'B', format: String, step: linear(1, 1, 8, 0) },
  { key: 'seedBars', label: 'seed bars', lowerKey: 's', raiseKey: 'S', format: String, step: linear(1, 1, 8, 0) },
];

export function controlFor(key: SettingKey): ControlSpec {
  const spec = CONTROLS.find((c) => c.key === key);
  if (!spec) throw new Error(`no control for setting ${key}`);
  return spec;
}

export function settingValue(settings: BridgeSettings, key: SettingKey): number {
  if (key === 'loopBars') return settings.loopBars;
  if (key === 'seedBars') return settings.seedBars;
  return settings.sampler[key];
}
