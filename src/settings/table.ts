// Every setting's range, steps and default, in one table. The TUI's keys, MIDI learn's CC mapping,
// the preset schema, the CLI's flag checks and the engine's clamp all read these rows; no other file
// writes a range or a default. Adding a setting = adding a row (and its field where `place` says).
import { UserError } from '../errors.ts';

export interface SettingRow {
  key: string;
  label: string; // as the TUI and log lines show it
  /** Where the value lives: the sampler request, the live bridge's settings, or start-up only. */
  place: 'sampler' | 'bridge' | 'startup';
  min: number;
  max: number;
  default: number;
  step?: number; // linear step of the TUI keys (and the rounding of a CC value)
  rungs?: readonly number[]; // or a ladder of useful values: keys and knobs move rung to rung
  onlyRungs?: boolean; // values off the ladder are refused (CLI, presets) and snapped (engine)
  integer?: boolean;
  digits?: number; // decimals kept and shown (default 2; 0 for integers)
  flag?: string; // CLI flag name, without the dashes
  preset?: string; // field name in a preset file, when it is not `key`
  keys?: readonly [lower: string, raise: string]; // direct TUI keys ('' = only through the selection)
  tui?: boolean; // a TUI control (and so a MIDI-learn target)
  off?: number; // the value that means "off", shown as 'off' (or `offText`)
  offText?: string;
  choices?: readonly string[]; // a named setting: the value is an index into these names (CLI and presets use the names)
  describe: string; // one line for --help
}

export const SETTINGS = [
  { key: 'temperature', label: 'temperature', place: 'sampler', min: 0, max: 2, step: 0.05, default: 1, flag: 'temperature', keys: ['t', 'T'], tui: true, off: 0, offText: 'greedy', describe: 'softmax temperature (0 = greedy)' },
  { key: 'topP', label: 'top-p', place: 'sampler', min: 0.05, max: 1, step: 0.05, default: 0.95, flag: 'top-p', keys: ['p', 'P'], tui: true, off: 1, describe: 'nucleus sampling mass (1 = off)' },
  { key: 'topK', label: 'top-k', place: 'sampler', min: 0, max: 64, rungs: [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64], default: 0, integer: true, flag: 'top-k', keys: ['k', 'K'], tui: true, off: 0, describe: 'keep the k most likely tokens (0 = off)' },
  { key: 'minP', label: 'min-p', place: 'sampler', min: 0, max: 0.5, step: 0.01, default: 0.02, flag: 'min-p', keys: ['n', 'N'], tui: true, off: 0, describe: 'drop tokens below this share of the best one (0 = off)' },
  { key: 'repetitionPenalty', label: 'rep. penalty', place: 'sampler', min: 1, max: 2, step: 0.05, default: 1, flag: 'repetition-penalty', keys: ['', ''], tui: true, off: 1, describe: 'penalty for recently played pitches (1 = off)' },
  // Musical controls (src/sampling/musical): samplers after the grammar and bar budget; all off by default.
  { key: 'keyStrength', label: 'key lock', place: 'sampler', min: 0, max: 1, step: 0.05, default: 0, flag: 'key-strength', keys: ['', ''], tui: true, off: 0, describe: "key lock on the seed's key (or --key): 0 off .. 1 out-of-key pitches masked" },
  { key: 'transpose', label: 'transpose', place: 'sampler', min: -12, max: 12, step: 1, default: 0, integer: true, flag: 'transpose', keys: ['', ''], tui: true, off: 0, describe: 'move the seed, and so the loop, by N semitones' },
  { key: 'density', label: 'density', place: 'sampler', min: 0, max: 2, rungs: [0, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2], default: 0, flag: 'density', keys: ['', ''], tui: true, off: 0, describe: "notes per bar relative to the seed's, 0.5..2 (0 = off)" },
  { key: 'register', label: 'register', place: 'sampler', min: -1, max: 48, rungs: [-1, 0, 2, 3, 5, 7, 12, 24, 48], default: -1, integer: true, flag: 'register', keys: ['', ''], tui: true, off: -1, describe: "keep pitches within the seed's range +- N semitones (-1 = off)" },
  { key: 'motif', label: 'motif', place: 'sampler', min: 0, max: 8, step: 0.25, default: 0, flag: 'motif', keys: ['', ''], tui: true, off: 0, describe: "bias toward restating the seed's phrases (0 = off)" },
  { key: 'tonal', label: 'tonal pull', place: 'sampler', min: 0, max: 4, step: 0.25, default: 0, flag: 'tonal', keys: ['', ''], tui: true, off: 0, describe: "pull toward the key's tonic, fifth and third (Krumhansl-Kessler profile of --key; 0 = off)" },
  { key: 'pitchFollow', label: 'pc follow', place: 'sampler', min: 0, max: 4, step: 0.25, default: 0, flag: 'pitch-follow', keys: ['', ''], tui: true, off: 0, describe: "keep the loop's pitch-class mix near the seed's (0 = off)" },
  { key: 'velocityFollow', label: 'vel. follow', place: 'sampler', min: 0, max: 4, step: 0.25, default: 0, flag: 'velocity-follow', keys: ['', ''], tui: true, off: 0, describe: "keep the loop's velocity mix near the seed's, so a varied seed never comes back flat (0 = off)" },
  { key: 'wrap', label: 'wrap pull', place: 'sampler', min: 0, max: 8, step: 0.5, default: 0, flag: 'wrap', keys: ['', ''], tui: true, off: 0, describe: "pull the last bar toward the loop's opening pitches, so the loop wraps without a jump (0 = off)" },
  { key: 'loopBars', label: 'loop bars', place: 'bridge', min: 1, max: 16, rungs: [1, 2, 4, 8, 16], onlyRungs: true, default: 8, integer: true, flag: 'loop-bars', preset: 'bars', keys: ['b', 'B'], tui: true, describe: 'bars per loop: 1, 2, 4, 8 or 16' },
  { key: 'seedBars', label: 'seed bars', place: 'bridge', min: 1, max: 8, step: 1, default: 4, integer: true, flag: 'seed-bars', keys: ['s', 'S'], tui: true, describe: 'bars of seed to capture (live) or to continue (generate)' },
  { key: 'channel', label: 'out channel', place: 'bridge', min: 1, max: 16, step: 1, default: 1, integer: true, flag: 'channel', keys: ['', ''], tui: true, describe: 'output MIDI channel' },
  { key: 'latencyMs', label: 'latency ms', place: 'bridge', min: -500, max: 500, step: 1, default: 0, integer: true, flag: 'latency-ms', keys: ['', ''], tui: true, describe: 'shift output by this many ms (negative: earlier)' },
  { key: 'velocity', label: 'velocity %', place: 'bridge', min: 10, max: 200, step: 5, default: 100, integer: true, flag: 'velocity', keys: ['v', 'V'], tui: true, describe: 'scale loop velocities by this percent' },
  { key: 'changeEvery', label: 'change every', place: 'bridge', min: 0, max: 16, step: 1, default: 2, integer: true, flag: 'change-every', keys: ['c', 'C'], tui: true, off: 0, offText: 'ask', describe: 'passes before a fresh variant takes over (0: only on request)' },
  // Feel (src/feel): applied as the loop plays, heard from the next pass.
  { key: 'grooveAmount', label: 'groove %', place: 'bridge', min: 0, max: 100, step: 5, default: 100, integer: true, flag: 'groove-amount', preset: 'feel.grooveAmount', keys: ['g', 'G'], tui: true, off: 0, describe: "how much of the groove's timing and accents to apply, %" },
  { key: 'swing', label: 'swing %', place: 'bridge', min: 50, max: 75, step: 1, default: 50, integer: true, flag: 'swing', preset: 'feel.swing', keys: ['', ''], tui: true, off: 50, describe: 'swing straight offbeats: where the offbeat falls in its pair, % (50 straight, 66 triplet 2:1, 75 dotted 3:1)' },
  { key: 'swingGrid', label: 'swing grid', place: 'bridge', min: 8, max: 16, rungs: [8, 16], onlyRungs: true, default: 8, integer: true, flag: 'swing-grid', preset: 'feel.swingGrid', describe: 'which offbeats swing: 8 (8th notes) or 16 (16th notes)' },
  { key: 'humanizeTiming', label: 'humanize time', place: 'bridge', min: 0, max: 50, step: 1, default: 0, integer: true, flag: 'humanize-timing', preset: 'feel.humanizeTiming', keys: ['', ''], tui: true, off: 0, describe: 'random timing, at most this % of a 16th note either way' },
  { key: 'humanizeVelocity', label: 'humanize vel.', place: 'bridge', min: 0, max: 40, step: 1, default: 0, integer: true, flag: 'humanize-velocity', preset: 'feel.humanizeVelocity', keys: ['', ''], tui: true, off: 0, describe: 'random velocity, at most this many steps either way' },
  // a bar's tokens before the bar budget closes it (about 3 a note); 512 is the 99th percentile of VGMusic bars merged to one part; a model allows at most a third of its context (model/limits.ts)
  { key: 'maxBarTokens', label: 'bar tokens', place: 'startup', min: 8, max: 512, step: 1, default: 512, integer: true, flag: 'max-bar-tokens', describe: 'tokens one bar may take (at most a third of the model context: 341 for the shipped model)' },
  { key: 'inChannel', label: 'in channel', place: 'startup', min: 0, max: 16, step: 1, default: 0, integer: true, flag: 'in-channel', off: 0, offText: 'all', describe: 'played notes from this channel only (0 = every channel)' },
  { key: 'style', label: 'style', place: 'startup', min: 0, max: 4, default: 0, integer: true, choices: ['none', 'game', 'piano', 'folk', 'jazz'], flag: 'style', describe: 'style token to ask for: game, piano, folk or jazz (a model prepared with --style; none = no token)' },
  { key: 'candidates', label: 'candidates', place: 'startup', min: 1, max: 16, step: 1, default: 1, integer: true, flag: 'candidates', describe: 'generate K variants, keep the best-looping one' },
  { key: 'bpm', label: 'bpm', place: 'startup', min: 20, max: 400, step: 1, default: 120, flag: 'bpm', describe: 'tempo of the internal clock (used until a MIDI clock arrives)' },
] as const satisfies readonly SettingRow[];

type Row = (typeof SETTINGS)[number];
export type AnySettingKey = Row['key'];
/** Settings a running engine holds (and the TUI, MIDI learn and `set` commands change). */
export type LiveSettingKey = Extract<Row, { place: 'sampler' | 'bridge' }>['key'];
export type SamplerKey = Extract<Row, { place: 'sampler' }>['key'];
/** The TUI's controls and MIDI learn's targets. */
export type SettingKey = Extract<Row, { tui: true }>['key'];

const ROWS: readonly SettingRow[] = SETTINGS;
const BY_KEY = new Map<string, SettingRow>(ROWS.map((r) => [r.key, r]));

export function settingRow(key: AnySettingKey): SettingRow {
  const row = BY_KEY.get(key);
  if (!row) throw new Error(`no setting ${key}`);
  return row;
}

export const isSettingKey = (key: unknown): key is SettingKey => typeof key === 'string' && BY_KEY.get(key)?.tui === true;

/** Rows in table order, filtered. */
export const settingRows = (where: (r: SettingRow) => boolean = () => true): SettingRow[] => ROWS.filter(where);
export const TUI_SETTINGS = ROWS.filter((r) => r.tui).map((r) => r.key) as SettingKey[];
export const SAMPLER_KEYS = ROWS.filter((r) => r.place === 'sampler').map((r) => r.key) as SamplerKey[];
export const settingDefault = (key: AnySettingKey): number => settingRow(key).default;

const digitsOf = (r: SettingRow) => (r.integer ? 0 : (r.digits ?? 2));
const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** Into the row's range and precision; a ladder-only row snaps to its nearest rung. NaN: the default. */
export function clampSetting(key: AnySettingKey, value: number): number {
  const r = settingRow(key);
  if (!Number.isFinite(value)) return r.default;
  const v = Math.max(r.min, Math.min(r.max, value));
  if (r.onlyRungs && r.rungs) return r.rungs.reduce((best, x) => (Math.abs(x - v) < Math.abs(best - v) ? x : best));
  return round(v, digitsOf(r));
}

/** The next value one step up (dir 1) or down (-1), within the range; between rungs: the nearest rung that way. */
export function stepSetting(key: AnySettingKey, value: number, dir: 1 | -1): number {
  const r = settingRow(key);
  if (r.rungs) {
    if (dir > 0) return r.rungs.find((x) => x > value) ?? r.rungs[r.rungs.length - 1];
    return [...r.rungs].reverse().find((x) => x < value) ?? r.rungs[0];
  }
  return clampSetting(key, value + dir * (r.step ?? 1));
}

/** A CC value 0-127 across the row: linear over the range, or over the rungs of a ladder. */
export function ccToSetting(key: AnySettingKey, cc: number): number {
  const r = settingRow(key);
  const x = Math.max(0, Math.min(127, cc)) / 127;
  if (r.rungs) return r.rungs[Math.round(x * (r.rungs.length - 1))];
  const v = r.min + (r.max - r.min) * x;
  return r.integer ? Math.round(v) : round(v, 3);
}

export function formatSetting(key: AnySettingKey, value: number): string {
  const r = settingRow(key);
  if (r.off !== undefined && value === r.off) return r.offText ?? 'off';
  return value.toFixed(digitsOf(r));
}

/** What the CLI and preset checks say about a value that does not fit, or null when it fits. */
export function settingProblem(key: AnySettingKey, value: unknown): string | null {
  const r = settingRow(key);
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
  if (r.onlyRungs && r.rungs) return r.rungs.includes(value) ? null : `must be one of ${r.rungs.join(', ')}`;
  if (value < r.min || value > r.max) return `must be ${r.min}-${r.max}`;
  if (r.integer && !Number.isInteger(value)) return `must be a whole number ${r.min}-${r.max}`;
  return null;
}

/** yargs option for a row's flag: its type and help line (the range is checked by `checkSettingFlags`). */
export function settingOption(key: AnySettingKey): { type: 'number'; describe: string };
export function settingOption(key: AnySettingKey, withDefault: true): { type: 'number'; describe: string; default: number };
export function settingOption(key: AnySettingKey, withDefault = false): { type: 'number'; describe: string; default?: number } {
  const r = settingRow(key);
  const range = r.onlyRungs ? '' : ` [${r.min}..${r.max}]`;
  return { type: 'number', describe: `${r.describe}${range}`, ...(withDefault ? { default: r.default } : {}) };
}

/** One clear line naming the first flag whose value does not fit its row. `flags`: key -> flag name. */
export function checkSettingFlags(args: Record<string, unknown>, keys: readonly AnySettingKey[], rename: Partial<Record<AnySettingKey, string>> = {}): void {
  for (const key of keys) {
    const flag = rename[key] ?? settingRow(key).flag ?? key;
    const value = args[flag];
    if (value === undefined) continue;
    const problem = settingProblem(key, value);
    if (problem) throw new UserError(`--${flag} ${String(value)}: ${problem}`);
  }
}
