// seedloop tokenize, bad input: every broken MIDI kind and every bad tokenizer file is one line naming
// the file, and nothing reaches stdout.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenizeCommand, tokenizeFile } from '../../src/commands/tokenize.ts';
import { BAD_TOKENIZERS, badTokenizerPath, BROKEN_MIDI, goodSeed } from './brokenFiles.ts';
import { cli, expectCliRefused, expectEveryFlagCovered, expectRefused, type FlagCase, refusal, TINY_MODEL } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'seedloop-bad-tok-'));
const GOOD = join(dir, 'good.mid');
writeFileSync(GOOD, goodSeed());
const TOKENIZER = join(TINY_MODEL, 'tokenizer.json');

/** Flag rows beyond the broken-tokenizer table below; the file argument has the BROKEN_MIDI table. */
const FLAGS: FlagCase[] = [{ flag: '--tokenizer', bad: ['', join(dir, 'missing.json'), dir] }];
const EXEMPT = { '--file': 'positional', '--tokens': 'boolean' };

describe('tokenize refuses broken input files', () => {
  it('has a row for every flag the command declares', () => expectEveryFlagCovered(tokenizeCommand, FLAGS, EXEMPT));

  it.each(FLAGS)('$flag', async ({ flag, bad }) => {
    for (const value of bad) {
      expectRefused(await refusal(tokenizeCommand, ['tokenize', GOOD, flag, value], tokenizeFile), flag, `${flag} ${value}`);
    }
  });

  it.each(BROKEN_MIDI)('$kind MIDI file', async ({ kind, bytes, message }) => {
    const file = join(dir, `${kind.replace(/\W+/g, '-')}.mid`);
    writeFileSync(file, bytes);
    const said = await refusal(tokenizeCommand, ['tokenize', file, '--tokenizer', TOKENIZER], tokenizeFile);
    expectRefused(said, file, kind);
    expect(said).toMatch(message);
  });

  it('a missing file and a folder are told apart', async () => {
    const say = (file: string) => refusal(tokenizeCommand, ['tokenize', file, '--tokenizer', TOKENIZER], tokenizeFile);
    expect(await say(join(dir, 'nope.mid'))).toMatch(/nope\.mid: no such file$/);
    expect(await say(dir)).toMatch(/: is a folder, not a file$/);
  });

  it.each(BAD_TOKENIZERS)('--tokenizer: $kind', async ({ kind, text }) => {
    const path = badTokenizerPath(dir, kind, text);
    expectRefused(await refusal(tokenizeCommand, ['tokenize', GOOD, '--tokenizer', path], tokenizeFile), ['--tokenizer', path], kind);
  });

  it('through the CLI: exit 1, one line, nothing on stdout', () => {
    const file = join(dir, 'cli-sysex.mid');
    writeFileSync(file, BROKEN_MIDI.find((b) => b.kind === 'SysEx garbage')!.bytes);
    expectCliRefused(cli(['tokenize', file, '--tokenizer', TOKENIZER]), file);
  });
});
