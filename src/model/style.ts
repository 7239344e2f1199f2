// Style tokens. A model prepared with `training prepare --style` saw Style_game / _piano / _folk / _jazz right
// after each piece's BOS, so a prompt [BOS, Style_x, Bar, ...] asks it for that corpus's music; generation
// keeps that head in front of every rolled window (window.ts), as at the start of a training piece.
//
// Who may ask, and what happens when the model cannot answer:
// - an explicit --style on a model without that token is refused (one line naming the flag and the model,
//   exit 1): the musician asked for something by name, and a loop made without it would pass it off silently;
// - a preset's style is a preference: presets are shared across models (the shipped model has no style tokens),
//   so it asks when the model can take it and is otherwise left out without a word, as a hint should be.
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import type { TokenTable } from '../sampling/tokenTable.ts';
import { DEFAULT_SAMPLER, type SamplerSettings } from '../sampling/types.ts';
import { settingRow } from '../settings/table.ts';
import { loadTokenizer } from '../tokenizer/index.ts';
import { loadManifest, resolveModelDir } from './manifest.ts';

export const STYLES = settingRow('style').choices as readonly ['none', 'game', 'piano', 'folk', 'jazz'];
export type StyleName = (typeof STYLES)[number];

export const STYLE_OPTION = { type: 'string', choices: STYLES, describe: settingRow('style').describe } as const;

/** Styles a tokenizer's vocabulary can ask for (Style_* tokens), in its own order. */
export function stylesOf(vocab: readonly string[]): string[] {
  return vocab.filter((t) => t.startsWith('Style_')).map((t) => t.slice('Style_'.length));
}

/** The model id of the style token to put after BOS, or undefined (none asked, or a preference the model lacks). */
export function styleId(table: TokenTable, style: string | undefined): number | undefined {
  return style === undefined || style === 'none' ? undefined : table.styleIds.get(style);
}

/** An explicit --style needs the model to have that token: one line naming the flag and the model, or nothing. */
export function checkStyleFlag(style: string | undefined, vocab: readonly string[], model: string): void {
  if (style === undefined || style === 'none') return;
  if (!(STYLES as readonly string[]).includes(style)) throw new UserError(`--style ${style}: must be one of ${STYLES.join(', ')}`);
  const has = stylesOf(vocab);
  if (has.includes(style)) return;
  if (has.length === 0) throw new UserError(`--style ${style}: model ${model} has no style tokens (a model prepared with \`training prepare --style\` has)`);
  throw new UserError(`--style ${style}: model ${model} has no Style_${style} token (it has: ${has.join(', ')})`);
}

/**
 * live: the preset's sampler settings (or the defaults) with an explicit --style laid over them, once the model
 * (--model, or the shipped one) is known to have that token; without --style, the preset's settings as they are.
 */
export async function liveStyle(style: StyleName | undefined, model: string | undefined, sampler?: SamplerSettings): Promise<SamplerSettings | undefined> {
  if (style === undefined) return sampler;
  if (style !== 'none') {
    const dir = resolveModelDir(model);
    checkStyleFlag(style, (await loadTokenizer(join(dir, loadManifest(dir).files.tokenizer))).vocab, dir);
  }
  return { ...(sampler ?? DEFAULT_SAMPLER), style };
}
