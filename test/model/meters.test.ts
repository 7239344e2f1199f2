// A meter the model's tokenizer has no TimeSig token for is refused when the model opens, before the session loads.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMeter, tokenizerMeters } from '../../src/model/meters.ts';
import { Generator } from '../../src/model/generator.ts';

const TINY_MODEL_DIR = new URL('../fixtures/tiny-model/', import.meta.url).pathname;
import { loadTokenizer } from '../../src/tokenizer/index.ts';
import { UserError } from '../../src/errors.ts';

const SHIPPED = ['1/4', '2/4', '3/4', '4/4', '5/4', '6/4', '3/8', '6/8', '12/8'];

describe('live model meters', () => {
  it('lists the time signatures of the shipped tokenizer', async () => {
    const tok = await loadTokenizer('models/seedloop-small/tokenizer.json');
    expect(tokenizerMeters(tok)).toEqual(SHIPPED);
    expect(() => checkMeter(tok, { beatsPerBar: 6, beatUnit: 8 })).not.toThrow();
    expect(() => checkMeter(tok, { beatsPerBar: 7, beatUnit: 8 })).toThrow(
      new UserError(`--meter 7/8: the model's tokenizer has no such time signature (it supports ${SHIPPED.join(', ')})`),
    );
  });

  it('a tokenizer without time signatures writes everything as 4/4', () => {
    const tok = { config: { useTimeSignatures: false, timeSignatureRange: [] } } as unknown as Parameters<typeof tokenizerMeters>[0];
    expect(tokenizerMeters(tok)).toEqual(['4/4']);
    expect(() => checkMeter(tok, { beatsPerBar: 3, beatUnit: 4 })).toThrow(/--meter 3\/4: .*supports 4\/4\)$/);
  });

  it('the generation worker refuses an unsupported meter before it loads the model', async () => {
    // A model folder without its ONNX files: only the tokenizer can be read, so the meter error
    // (not a missing-model error) shows the check comes first.
    const dir = mkdtempSync(join(tmpdir(), 'seedloop-meter-'));
    for (const f of ['manifest.json', 'tokenizer.json']) copyFileSync(join(TINY_MODEL_DIR, f), join(dir, f));
    await expect(Generator.open(dir, { meter: { beatsPerBar: 5, beatUnit: 8 } })).rejects.toThrow(/^--meter 5\/8: /);
  });
});
