// Preset names for the picker: the *.json files in presets/ at the package root.
// (Stand-in until src/sampling/presets.ts offers listPresets(); same directory, same names.)
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const PRESET_DIR = fileURLToPath(new URL('../../presets/', import.meta.url));

export async function listPresetNames(dir: string = PRESET_DIR): Promise<string[]> {
  try {
    const files = await readdir(dir);
    return files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
  } catch {
    return []; // no presets/ yet: the picker says how to make one
  }
}
