// The musical controls' settings. The numeric ones are rows of the settings table (range, default,
// "off" value: src/settings/table.ts); the key is a name, checked here. An absent field is off.
import { settingDefault } from '../../settings/table.ts';

export const KEY_PATTERN = /^(off|auto|seed|(C|C#|Db|D|D#|Eb|E|F|F#|Gb|G|G#|Ab|A|A#|Bb|B) (major|minor))$/;

export interface MusicalSettings {
  key?: string; // 'auto' (the seed's key, Krumhansl-Schmuckler; the default) | 'seed' (its pitch-class profile) | 'off' | e.g. 'A minor'
  keyStrength?: number; // 0 (off) .. 1: out-of-key pitches get a logit bias of -8 x strength; 1 = masked
  transpose?: number; // semitones the seed (and so the loop) is moved
  density?: number; // notes per bar relative to the seed, 0.5..2; 0 = off
  register?: number; // keep pitches within the seed's range +- this many semitones; -1 = off
  motif?: number; // logit bias toward continuing the seed's token n-grams; 0 = off
  tonal?: number; // pull toward the key's tonal hierarchy (Krumhansl-Kessler), x ln(profile); 0 = off
  pitchFollow?: number; // feedback toward the seed's pitch-class mix; 0 = off
  velocityFollow?: number; // feedback toward the seed's velocity mix; 0 = off
  wrap?: number; // last bar pulled toward the loop's opening pitches; 0 = off
}

/** Every musical setting at its default (all off). */
export function musicalDefaults(): Required<MusicalSettings> {
  return {
    key: 'auto',
    keyStrength: settingDefault('keyStrength'),
    transpose: settingDefault('transpose'),
    density: settingDefault('density'),
    register: settingDefault('register'),
    motif: settingDefault('motif'),
    tonal: settingDefault('tonal'),
    pitchFollow: settingDefault('pitchFollow'),
    velocityFollow: settingDefault('velocityFollow'),
    wrap: settingDefault('wrap'),
  };
}

const PC: Record<string, number> = { C: 0, 'C#': 1, Db: 1, D: 2, 'D#': 3, Eb: 3, E: 4, F: 5, 'F#': 6, Gb: 6, G: 7, 'G#': 8, Ab: 8, A: 9, 'A#': 10, Bb: 10, B: 11 };

/** 'A minor' -> { tonic: 9, mode: 'minor' }; 'off' and 'auto' -> null. Throws on anything else. */
export function parseKey(key: string): { tonic: number; mode: 'major' | 'minor' } | null {
  if (!KEY_PATTERN.test(key)) throw new Error(`key "${key}" is not 'off', 'auto', 'seed' or a key such as 'A minor'`);
  if (key === 'off' || key === 'auto' || key === 'seed') return null;
  const [name, mode] = key.split(' ');
  return { tonic: PC[name], mode: mode as 'major' | 'minor' };
}
