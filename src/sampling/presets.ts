// Presets: named sampler settings and loop lengths, stored as presets/<name>.json and checked with zod
// against the settings table (src/settings/table.ts), which holds every range.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { checkOutputPath, writeFileAtomic } from '../io/files.ts';
import { settingProblem, type AnySettingKey } from '../settings/table.ts';
import { KEY_PATTERN } from './musical/settings.ts';
import { STYLES } from '../model/style.ts';
import type { SamplerSettings } from './types.ts';
import { feelSchema } from '../feel/settings.ts';

export const PRESETS_DIR = fileURLToPath(new URL('../../presets/', import.meta.url));

/** A number that fits its row of the settings table (range, whole number, ladder). */
const setting = (key: AnySettingKey) =>
  z.number().superRefine((v, ctx) => {
    const problem = settingProblem(key, v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const stage = z.enum(['repetitionPenalty', 'temperature', 'topK', 'topP', 'minP']);

export const presetSchema = z
  .object({
    description: z.string().optional(),
    sampler: z
      .object({
        temperature: setting('temperature'),
        topK: setting('topK'),
        topP: setting('topP'),
        minP: setting('minP'),
        repetitionPenalty: setting('repetitionPenalty'),
        key: z.string().regex(KEY_PATTERN, "is 'off', 'auto', 'seed' or a key such as 'A minor'").optional(),
        keyStrength: setting('keyStrength').optional(),
        transpose: setting('transpose').optional(),
        density: setting('density').optional(),
        register: setting('register').optional(),
        motif: setting('motif').optional(),
        tonal: setting('tonal').optional(),
        pitchFollow: setting('pitchFollow').optional(),
        velocityFollow: setting('velocityFollow').optional(),
        wrap: setting('wrap').optional(),
        style: z.enum(STYLES).optional(), // a preference: left out for a model without style tokens (model/style.ts)
        order: z
          .array(stage)
          .refine((o) => new Set(o).size === o.length, 'lists a sampler twice')
          .optional(),
      })
      .strict(),
    bars: setting('loopBars'),
    seedBars: setting('seedBars'),
    candidates: setting('candidates'),
    feel: feelSchema.partial().optional(), // groove, swing, humanize (src/feel/settings.ts)
  })
  .strict();

export type Preset = z.infer<typeof presetSchema> & { sampler: SamplerSettings };

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

function checkName(name: string): void {
  if (!NAME.test(name)) throw new UserError(`preset name "${name}" must be letters, digits, - or _`);
}

/** Validate parsed JSON; the error names the file and the first bad field. */
export function parsePreset(data: unknown, where: string): Preset {
  const r = presetSchema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : '(top level)';
  throw new UserError(`${where}: bad field "${field}": ${issue.message}`);
}

export async function listPresets(dir = PRESETS_DIR): Promise<string[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  return files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

export async function loadPreset(name: string, dir = PRESETS_DIR): Promise<Preset> {
  checkName(name);
  const path = join(dir, `${name}.json`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    const known = await listPresets(dir);
    throw new UserError(`no preset "${name}" (${path}); known: ${known.join(', ') || 'none'}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return parsePreset(data, path);
}

export async function savePreset(name: string, data: unknown, dir = PRESETS_DIR): Promise<string> {
  checkName(name);
  const path = join(dir, `${name}.json`);
  const preset = parsePreset(data, path);
  await mkdir(dir, { recursive: true });
  checkOutputPath(path, `preset ${name}`);
  writeFileAtomic(path, `${JSON.stringify(preset, null, 2)}\n`);
  return path;
}
