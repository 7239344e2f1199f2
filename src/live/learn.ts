// MIDI learn: a hardware knob (CC) drives a setting. Bindings live in the user's settings file,
// $SEEDLOOP_CONFIG_DIR or $XDG_CONFIG_HOME/seedloop (default ~/.config/seedloop)/settings.json.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { isSettingKey, type SettingKey } from '../settings/table.ts';

export interface Binding {
  cc: number;
  channel: number; // 1-16
  target: SettingKey;
}

export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.SEEDLOOP_CONFIG_DIR ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'seedloop');
  return join(dir, 'settings.json');
}

/** Bindings from the settings file; a missing or broken file gives none (learn again). */
export function loadBindings(path: string): Binding[] {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { bindings?: unknown };
    if (!Array.isArray(data.bindings)) return [];
    return data.bindings.filter(
      (b): b is Binding =>
        typeof b === 'object' && b !== null && Number.isInteger(b.cc) && b.cc >= 0 && b.cc < 128 &&
        Number.isInteger(b.channel) && b.channel >= 1 && b.channel <= 16 && isSettingKey(b.target),
    );
  } catch {
    return [];
  }
}

/** Write bindings, keeping any other keys in the file; atomic via rename. */
export function saveBindings(path: string, bindings: Binding[]): void {
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    // new file
  }
  data.bindings = bindings;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
