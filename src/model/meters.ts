// Which meters a model can write: a seed in a meter its vocabulary has no TimeSig token for would be
// tokenized as 4/4, so such a meter is refused when the model opens.
import { formatMeter, type Meter } from '../clock/meter.ts';
import { UserError } from '../errors.ts';
import type { Tokenizer } from '../tokenizer/index.ts';

/** Meters the tokenizer has a TimeSig token for ("3/4", ...); without time signatures everything is 4/4. */
export function tokenizerMeters(tok: Pick<Tokenizer, 'config'>): string[] {
  if (!tok.config.useTimeSignatures) return ['4/4'];
  return tok.config.timeSignatureRange
    .flatMap(([den, nums]) => nums.map((num) => ({ num, den })))
    .sort((a, b) => a.den - b.den || a.num - b.num)
    .map(({ num, den }) => `${num}/${den}`);
}

export function checkMeter(tok: Pick<Tokenizer, 'config'>, meter: Meter): void {
  const supported = tokenizerMeters(tok);
  if (!supported.includes(formatMeter(meter))) {
    throw new UserError(`--meter ${formatMeter(meter)}: the model's tokenizer has no such time signature (it supports ${supported.join(', ')})`);
  }
}
