// Opens the real generator (worker) and the model's own tokenizer for the live bridge.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Generator } from '../model/generator.ts';
import { resolveModelDir } from '../model/manifest.ts';
import { loadTokenizer, type Tokenizer } from '../tokenizer/index.ts';
import type { LiveGenerator } from './tokens.ts';

export const TINY_MODEL_DIR = fileURLToPath(new URL('../../test/fixtures/tiny-model/', import.meta.url));

/** The shipped model, or with `fallbackToTiny` (the demo) the tiny test model when none is installed. */
export function pickModelDir(dir: string | undefined, fallbackToTiny: boolean): string {
  if (dir || !fallbackToTiny) return resolveModelDir(dir);
  try {
    const dir = resolveModelDir(undefined);
    if (existsSync(join(dir, 'manifest.json'))) return dir;
  } catch {
    // no shipped model: fall through to the tiny one
  }
  if (existsSync(join(TINY_MODEL_DIR, 'manifest.json'))) return TINY_MODEL_DIR;
  return resolveModelDir(undefined); // its error says what to do
}

export async function openLiveModel(
  dir: string,
  opts: { device?: 'auto' | 'cpu' | 'webgpu' | 'cuda'; threads?: number } = {},
): Promise<{ generator: LiveGenerator & Generator; tokenizer: Tokenizer; name: string }> {
  const generator = await Generator.open(dir, opts);
  const tokenizer = await loadTokenizer(join(dirname(generator.file), generator.manifest.files.tokenizer));
  return { generator, tokenizer, name: generator.manifest.name };
}
