// Command-line flags for the musical controls (generate, eval, bench), laid over a preset's values.
// Ranges and help lines come from the settings table; the key is a name.
import { UserError } from '../../errors.ts';
import { settingOption } from '../../settings/table.ts';
import { KEY_PATTERN, type MusicalSettings } from './settings.ts';

export interface MusicalFlags {
  key?: string;
  'key-strength'?: number;
  transpose?: number;
  density?: number;
  register?: number;
  motif?: number;
  tonal?: number;
  'pitch-follow'?: number;
  'velocity-follow'?: number;
  wrap?: number;
}

export const MUSICAL_KEYS = ['keyStrength', 'transpose', 'density', 'register', 'motif', 'tonal', 'pitchFollow', 'velocityFollow', 'wrap'] as const;

export const MUSICAL_OPTIONS = {
  key: { type: 'string', describe: "key for the key lock: auto (the seed's key, default), seed (the seed's pitch-class profile), off, or e.g. 'A minor'" },
  'key-strength': settingOption('keyStrength'),
  transpose: settingOption('transpose'),
  density: settingOption('density'),
  register: settingOption('register'),
  motif: settingOption('motif'),
  tonal: settingOption('tonal'),
  'pitch-follow': settingOption('pitchFollow'),
  'velocity-follow': settingOption('velocityFollow'),
  wrap: settingOption('wrap'),
} as const;

/** The flags that were given, as settings fields (numbers are checked against the table by the caller). */
export function musicalFromFlags(f: MusicalFlags): MusicalSettings {
  const out: MusicalSettings = {};
  if (f.key !== undefined && !KEY_PATTERN.test(f.key)) throw new UserError(`--key ${f.key}: must be auto, seed, off or a key such as 'A minor'`);
  if (f.key !== undefined) out.key = f.key;
  if (f['key-strength'] !== undefined) out.keyStrength = f['key-strength'];
  if (f.transpose !== undefined) out.transpose = f.transpose;
  if (f.density !== undefined) out.density = f.density;
  if (f.register !== undefined) out.register = f.register;
  if (f.motif !== undefined) out.motif = f.motif;
  if (f.tonal !== undefined) out.tonal = f.tonal;
  if (f['pitch-follow'] !== undefined) out.pitchFollow = f['pitch-follow'];
  if (f['velocity-follow'] !== undefined) out.velocityFollow = f['velocity-follow'];
  if (f.wrap !== undefined) out.wrap = f.wrap;
  return out;
}
