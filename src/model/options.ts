// Turns a preset plus command-line overrides into one checked request (shared by generate and bench).
import { UserError } from '../errors.ts';
import { MUSICAL_KEYS, musicalFromFlags, MUSICAL_OPTIONS, type MusicalFlags } from '../sampling/musical/flags.ts';
import { loadPreset, parsePreset, type Preset } from '../sampling/presets.ts';
import { checkSettingFlags, settingOption } from '../settings/table.ts';
import { STYLE_OPTION, type StyleName } from './style.ts';
import { DEVICES } from './device.ts';

export interface SamplingFlags extends MusicalFlags {
  preset?: string;
  bars?: number;
  'seed-bars'?: number;
  temperature?: number;
  'top-p'?: number;
  'top-k'?: number;
  'min-p'?: number;
  'repetition-penalty'?: number;
  candidates?: number;
  style?: StyleName; // checked against the model by the command (model/style.ts)
}

/** The named preset (default: "default") with any flag given on the command line laid over it. */
export async function resolvePreset(flags: SamplingFlags): Promise<Preset> {
  // Each flag is checked against the settings table first, so a bad value is named by its flag.
  checkSettingFlags(flags as Record<string, unknown>, ['temperature', 'topP', 'topK', 'minP', 'repetitionPenalty', 'loopBars', 'seedBars', 'candidates'], { loopBars: 'bars' });
  checkSettingFlags(flags as Record<string, unknown>, MUSICAL_KEYS);
  const p = await loadPreset(flags.preset ?? 'default').catch((e: unknown) => {
    throw flags.preset !== undefined && e instanceof UserError ? new UserError(`--preset ${flags.preset}: ${e.message}`) : e;
  });
  const pick = <T>(flag: T | undefined, base: T) => (flag === undefined ? base : flag);
  const merged = {
    ...p,
    sampler: {
      ...p.sampler,
      temperature: pick(flags.temperature, p.sampler.temperature),
      topP: pick(flags['top-p'], p.sampler.topP),
      topK: pick(flags['top-k'], p.sampler.topK),
      minP: pick(flags['min-p'], p.sampler.minP),
      repetitionPenalty: pick(flags['repetition-penalty'], p.sampler.repetitionPenalty),
      ...musicalFromFlags(flags),
      ...(flags.style !== undefined ? { style: flags.style } : {}),
    },
    bars: pick(flags.bars, p.bars),
    seedBars: pick(flags['seed-bars'], p.seedBars),
    candidates: pick(flags.candidates, p.candidates),
  };
  return parsePreset(merged, 'options');
}

export const SAMPLING_OPTIONS = {
  preset: { type: 'string', describe: 'sampler preset from presets/ (default: default)' },
  temperature: settingOption('temperature'),
  'top-p': settingOption('topP'),
  'top-k': settingOption('topK'),
  'min-p': settingOption('minP'),
  'repetition-penalty': settingOption('repetitionPenalty'),
  ...MUSICAL_OPTIONS,
  style: STYLE_OPTION,
} as const;

export const DEVICE_OPTIONS = {
  model: { type: 'string', describe: 'model folder (default: the shipped model in models/)' },
  device: { choices: DEVICES, default: 'auto', describe: 'execution provider' },
  threads: { type: 'number', describe: 'intra-op threads (default: ORT picks)' },
} as const;
