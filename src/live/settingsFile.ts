// The user's settings file (MIDI-learn bindings and whatever else it holds). A file that cannot be read
// or parsed is ignored, said once with the reason, and never overwritten; a rewrite keeps the previous
// file as settings.json.bak and goes through a temp file and a rename.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../io/files.ts';

export type SettingsRead =
  | { data: Record<string, unknown>; text: string | null; ignored: null } // text null: no file yet
  | { data: null; text: null; ignored: string }; // why the file was ignored

export function readSettingsFile(path: string): SettingsRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { data: {}, text: null, ignored: null };
    return { data: null, text: null, ignored: code === 'EISDIR' ? 'it is a folder' : `cannot read it (${code ?? (e as Error).message})` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { data: null, text: null, ignored: `not valid JSON (${(e as Error).message.split('\n')[0]})` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { data: null, text: null, ignored: 'not a JSON object' };
  return { data: data as Record<string, unknown>, text, ignored: null };
}

const warned = new Set<string>();

/** One line on `write` (stderr) if the file is ignored, at most once per file per process; returns the line. */
export function warnIfSettingsIgnored(path: string, write: (line: string) => void = (line) => process.stderr.write(line)): string | null {
  const r = readSettingsFile(path);
  if (!r.ignored || warned.has(path)) return null;
  warned.add(path);
  const line = `seedloop: ignoring ${path}: ${r.ignored}; MIDI-learn bindings will not be saved until it is fixed or removed\n`;
  write(line);
  return line;
}

/**
 * Read, change and rewrite the file. Returns null when written, else why not: a file that could not be
 * read is left exactly as it is.
 */
export function updateSettingsFile(path: string, change: (data: Record<string, unknown>) => void): string | null {
  const r = readSettingsFile(path);
  if (r.data === null) return r.ignored;
  change(r.data);
  mkdirSync(dirname(path), { recursive: true });
  if (r.text !== null) writeFileAtomic(`${path}.bak`, r.text);
  writeFileAtomic(path, `${JSON.stringify(r.data, null, 2)}\n`);
  return null;
}
