// Feel settings: their ranges and defaults are rows of the settings table (src/settings/table.ts);
// here they become a preset's "feel": { ... } block, the CLI flags and one resolved object.
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { checkSettingFlags, settingDefault, settingOption, settingProblem, settingRow } from '../settings/table.ts';

export const FEEL_KEYS = ['grooveAmount', 'swing', 'swingGrid', 'humanizeTiming', 'humanizeVelocity'] as const;
export type FeelKey = (typeof FEEL_KEYS)[number];

export interface FeelSettings {
  groove: string; // "seed" (the seed's own groove), "off", or a saved template's name or .json file
  grooveAmount: number;
  swing: number;
  swingGrid: number;
  humanizeTiming: number;
  humanizeVelocity: number;
}

const setting = (key: FeelKey) =>
  z.number().superRefine((v, ctx) => {
    const problem = settingProblem(key, v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A preset's "feel" block; every field optional (the table's default fills in). */
export const feelSchema = z
  .object({
    groove: z.string().min(1),
    grooveAmount: setting('grooveAmount'),
    swing: setting('swing'),
    swingGrid: setting('swingGrid'),
    humanizeTiming: setting('humanizeTiming'),
    humanizeVelocity: setting('humanizeVelocity'),
  })
  .partial()
  .strict();

export const DEFAULT_FEEL: FeelSettings = {
  groove: 'seed',
  ...(Object.fromEntries(FEEL_KEYS.map((k) => [k, settingDefault(k)])) as Record<FeelKey, number>),
};

/** yargs options for commands that write or play loops. */
export const FEEL_OPTIONS = {
  groove: { type: 'string', describe: 'groove source: seed (default), off, or a saved template name or .json file' },
  ...Object.fromEntries(FEEL_KEYS.map((k) => [settingRow(k).flag!, settingOption(k)])),
} as Record<string, { type: 'string' | 'number'; describe: string }>;

export interface FeelFlags {
  groove?: string;
  'groove-amount'?: number;
  swing?: number;
  'swing-grid'?: number;
  'humanize-timing'?: number;
  'humanize-velocity'?: number;
}

/** The numeric feel settings, as the live bridge holds them. */
export function feelValues(s: FeelSettings): Record<FeelKey, number> {
  return Object.fromEntries(FEEL_KEYS.map((k) => [k, s[k]])) as Record<FeelKey, number>;
}

/** The preset's feel with any flag laid over it; a bad flag is one line naming it. */
export function resolveFeel(flags: FeelFlags, preset: Partial<FeelSettings> | undefined): FeelSettings {
  if (flags.groove !== undefined && (typeof flags.groove !== 'string' || !flags.groove)) {
    throw new UserError('--groove: give seed, off, or a template name or file');
  }
  checkSettingFlags(flags as Record<string, unknown>, FEEL_KEYS);
  const out: FeelSettings = { ...DEFAULT_FEEL, ...preset };
  if (flags.groove !== undefined) out.groove = flags.groove;
  for (const k of FEEL_KEYS) {
    const v = flags[settingRow(k).flag as keyof FeelFlags];
    if (typeof v === 'number') out[k] = v;
  }
  return out;
}
