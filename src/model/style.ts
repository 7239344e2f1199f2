// Style tokens. A model prepared with `training prepare --style` saw Style_game / _piano / _folk / _jazz right
// after each piece's BOS, so a prompt [BOS, Style_x, Bar, ...] asks it for that corpus's music; generation
// keeps that head in front of every rolled window (window.ts), as at the start of a training piece.
//
// Who may ask, and what happens when the model cannot answer:
// - an explicit --style on a model without that token is refused (one line naming the flag and the model,
//   exit 1): the musician asked for something by name, and a loop made without it would pass it off silently;
// - a preset's style is a preference: presets are shared across models (the shipped model has no style tokens),
//   so it asks when the model can take it and is otherwise left out without a word, as a hint should be.
import { UserError } from '../errors.ts';
import type { TokenTable } from '../sampling/tokenTable.ts';
import { settingRow } from '../settings/table.ts';

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

