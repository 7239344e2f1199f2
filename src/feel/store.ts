// Saved groove templates: presets/grooves/<name>.json beside the sampler presets, so one folder holds
// everything a preset can name (shipped and user-saved alike). "my swing" is stored as my-swing.json
// with its name inside; `--groove` also takes a path to any template .json.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { writeFileAtomic } from '../io/files.ts';
import { PRESETS_DIR } from '../sampling/presets.ts';
import { templateSchema, type GrooveTemplate } from './template.ts';

export const GROOVES_DIR = join(PRESETS_DIR, 'grooves');

/** "My Swing!" -> "my-swing"; a name with no letters or digits is refused. */
export function grooveFileName(name: string): string {
  const slug = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (!slug) throw new UserError(`groove name "${name}" needs a letter or digit`);
  return `${slug}.json`;
}

export async function listGrooves(dir = GROOVES_DIR): Promise<string[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  return files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/** A template by saved name, or from a .json path. */
export async function loadGroove(nameOrPath: string, dir = GROOVES_DIR): Promise<GrooveTemplate> {
  const isPath = nameOrPath.endsWith('.json') || nameOrPath.includes('/');
  const path = isPath ? nameOrPath : join(dir, grooveFileName(nameOrPath));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    const known = await listGrooves(dir);
    throw new UserError(`--groove: no groove template "${nameOrPath}" (${path}); saved: ${known.join(', ') || 'none'}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const r = templateSchema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new UserError(`${path}: bad field "${issue.path.join('.') || '(top level)'}": ${issue.message}`);
}

export async function saveGroove(name: string, template: GrooveTemplate, dir = GROOVES_DIR): Promise<string> {
  const path = join(dir, grooveFileName(name));
  const data = templateSchema.parse({ ...template, name });
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(data, null, 2)}\n`);
  return path;
}
