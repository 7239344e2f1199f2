// Presets: named sampler settings and loop lengths, stored as presets/<name>.json and checked with zod.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import type { SamplerSettings } from './types.ts';

export const PRESETS_DIR = fileURLToPath(new URL('../../presets/', import.meta.url));

const stage = z.enum(['repetitionPenalty', 'temperature', 'topK', 'topP', 'minP']);

export const presetSchema = z
  .object({
    description: z.string().optional(),
    sampler: z
      .object({
        temperature: z.number().min(0).max(5),
        topK: z.number().int().min(0),
        topP: z.number().gt(0).max(1),
        minP: z.number().min(0).lt(1),
        repetitionPenalty: z.number().min(1).max(3),
        order: z
          .array(stage)
          .refine((o) => new Set(o).size === o.length, 'lists a sampler twice')
          .optional(),
      })
      .strict(),
    bars: z.number().int().min(1).max(64),
    seedBars: z.number().int().min(1).max(32),
    candidates: z.number().int().min(1).max(16),
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
  await writeFile(path, `${JSON.stringify(preset, null, 2)}\n`);
  return path;
}
