// Feel settings: one table of ranges and defaults, from which come the presets' zod schema, the CLI
// flags and their checks. Stored in a preset as "feel": { ... }; a flag overrides the preset.
import { z } from 'zod';
import { UserError } from '../errors.ts';

interface Row {
  flag: string;
  min: number;
  max: number;
  def: number;
  integer?: boolean;
  choices?: number[];
  describe: string;
}

export const FEEL_TABLE = {
  grooveAmount: { flag: 'groove-amount', min: 0, max: 100, def: 100, describe: "how much of the groove's timing and accents to apply, %" },
  swing: { flag: 'swing', min: 50, max: 75, def: 50, describe: 'swing straight offbeats: where the offbeat falls in its pair, % (50 straight, 66 triplet 2:1, 75 dotted 3:1)' },
  swingGrid: { flag: 'swing-grid', min: 8, max: 16, def: 8, choices: [8, 16], describe: 'which offbeats --swing moves: 8 (8th notes) or 16 (16th notes)' },
  humanizeTiming: { flag: 'humanize-timing', min: 0, max: 50, def: 0, describe: 'random timing, at most this % of a 16th note either way' },
  humanizeVelocity: { flag: 'humanize-velocity', min: 0, max: 40, def: 0, integer: true, describe: 'random velocity, at most this many steps either way' },
} satisfies Record<string, Row>;

export type FeelKey = keyof typeof FEEL_TABLE;

const number = (r: Row) => {
  let s = z.number().min(r.min).max(r.max);
  if (r.integer) s = s.int();
  return r.choices ? s.refine((v) => r.choices!.includes(v), `must be one of ${r.choices.join(', ')}`) : s;
};

/** "seed" (the seed's own groove), "off", or a saved template's name or .json file. */
export const grooveSource = z.string().min(1);

const T = FEEL_TABLE;
export const feelSchema = z
  .object({
    groove: grooveSource.default('seed'),
    grooveAmount: number(T.grooveAmount).default(T.grooveAmount.def),
    swing: number(T.swing).default(T.swing.def),
    swingGrid: z.union([z.literal(8), z.literal(16)]).default(8),
    humanizeTiming: number(T.humanizeTiming).default(T.humanizeTiming.def),
    humanizeVelocity: number(T.humanizeVelocity).default(T.humanizeVelocity.def),
  })
  .strict();

export interface FeelSettings {
  groove: string;
  grooveAmount: number;
  swing: number;
  swingGrid: 8 | 16;
  humanizeTiming: number;
  humanizeVelocity: number;
}

export const DEFAULT_FEEL: FeelSettings = { groove: 'seed', ...defaults() } as FeelSettings;

function defaults(): Omit<FeelSettings, 'groove'> {
  return Object.fromEntries(Object.entries(FEEL_TABLE).map(([k, r]) => [k, r.def])) as never;
}

/** yargs options for `generate` (and anything else that writes loops). */
export const FEEL_OPTIONS = {
  groove: { type: 'string', describe: 'groove source: seed (default), off, or a saved template name or .json file' },
  ...Object.fromEntries(Object.values(FEEL_TABLE).map((r) => [r.flag, { type: 'number', describe: `${r.describe} (${r.min}-${r.max}, default ${r.def})` }])),
} as Record<string, { type: 'string' | 'number'; describe: string }>;

export interface FeelFlags {
  groove?: string;
  'groove-amount'?: number;
  swing?: number;
  'swing-grid'?: number;
  'humanize-timing'?: number;
  'humanize-velocity'?: number;
}

/** The preset's feel with any flag laid over it; a bad flag is named with its range. */
export function resolveFeel(flags: FeelFlags, preset: Partial<FeelSettings> | undefined): FeelSettings {
  const out = { ...DEFAULT_FEEL, ...preset };
  if (flags.groove !== undefined) {
    if (typeof flags.groove !== 'string' || !flags.groove) throw new UserError('--groove: give seed, off, or a template name or file');
    out.groove = flags.groove;
  }
  for (const [key, r] of Object.entries(FEEL_TABLE) as [FeelKey, Row][]) {
    const v: unknown = flags[r.flag as keyof FeelFlags];
    if (v === undefined) continue;
    const ok = typeof v === 'number' && Number.isFinite(v) && v >= r.min && v <= r.max && (!r.integer || Number.isInteger(v)) && (!r.choices || r.choices.includes(v));
    if (!ok) {
      const range = r.choices ? r.choices.join(' or ') : `${r.min}-${r.max}${r.integer ? ' (whole number)' : ''}`;
      throw new UserError(`--${r.flag}: must be ${range} (got ${String(v)})`);
    }
    (out as Record<string, unknown>)[key] = v;
  }
  return out;
}
