// Opens the real generator (worker) and the model's own tokenizer for the live bridge.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMeter, type Meter } from '../clock/transport.ts';
import { UserError } from '../errors.ts';
import { Generator } from '../model/generator.ts';
import { loadManifest, resolveModelDir } from '../model/manifest.ts';
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

/** Meters the tokenizer has a TimeSig token for ("3/4", ...); without time signatures everything is 4/4. */
export function tokenizerMeters(tok: Pick<Tokenizer, 'config'>): string[] {
  if (!tok.config.useTimeSignatures) return ['4/4'];
  return tok.config.timeSignatureRange
    .flatMap(([den, nums]) => nums.map((num) => ({ num, den })))
    .sort((a, b) => a.den - b.den || a.num - b.num)
    .map(({ num, den }) => `${num}/${den}`);
}

/** A seed in a meter the vocabulary cannot write would be tokenized as 4/4: refuse it up front. */
export function checkMeter(tok: Pick<Tokenizer, 'config'>, meter: Meter): void {
  const supported = tokenizerMeters(tok);
  if (!supported.includes(formatMeter(meter))) {
    throw new UserError(`--meter ${formatMeter(meter)}: the model's tokenizer has no such time signature (it supports ${supported.join(', ')})`);
  }
}

const loadModelTokenizer = (dir: string) => loadTokenizer(join(dir, loadManifest(dir).files.tokenizer));

/** The meter check alone (the tokenizer loads in milliseconds): before the ports and the model open. */
export async function checkModelMeter(dir: string, meter: Meter | undefined): Promise<void> {
  if (meter) checkMeter(await loadModelTokenizer(dir), meter);
}

/** The tokenizer loads (and the meter is checked) before the model's worker starts, to fail fast. */
export async function openLiveModel(
  dir: string,
  opts: { device?: 'auto' | 'cpu' | 'webgpu' | 'cuda'; threads?: number; meter?: Meter } = {},
): Promise<{ generator: LiveGenerator & Generator; tokenizer: Tokenizer; name: string }> {
  const tokenizer = await loadModelTokenizer(dir);
  if (opts.meter) checkMeter(tokenizer, opts.meter);
  const generator = await Generator.open(dir, { device: opts.device, threads: opts.threads });
  return { generator, tokenizer, name: generator.manifest.name };
}
