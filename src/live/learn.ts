// MIDI learn: a hardware knob (CC) drives a setting. Bindings live in the user's settings file,
// $SEEDLOOP_CONFIG_DIR or $XDG_CONFIG_HOME/seedloop (default ~/.config/seedloop)/settings.json.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isSettingKey, type SettingKey } from '../settings/table.ts';
import { readSettingsFile, updateSettingsFile } from './settingsFile.ts';

export interface Binding {
  cc: number;
  channel: number; // 1-16
  target: SettingKey;
}

export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.SEEDLOOP_CONFIG_DIR ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'seedloop');
  return join(dir, 'settings.json');
}

/** Bindings from the settings file; a missing or unreadable file gives none (live warns once at start-up). */
export function loadBindings(path: string): Binding[] {
  const { data } = readSettingsFile(path);
  if (!data || !Array.isArray(data.bindings)) return [];
  return data.bindings.filter(
    (b): b is Binding =>
      typeof b === 'object' && b !== null && Number.isInteger(b.cc) && b.cc >= 0 && b.cc < 128 &&
      Number.isInteger(b.channel) && b.channel >= 1 && b.channel <= 16 && isSettingKey(b.target),
  );
}

/** Write bindings, keeping any other keys in the file; a file that could not be read is never overwritten. */
export function saveBindings(path: string, bindings: Binding[]): void {
  updateSettingsFile(path, (data) => {
    data.bindings = bindings;
  });
}
