// seedloop detokenize, bad input: the ids file (or stdin), the tokenizer and --out, each refused in one
// line naming it, with no output file created or changed. `-` reads standard input, as --help says.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { detokenizeCommand, detokenizeToScore } from '../../src/commands/detokenize.ts';
import { readMidi } from '../../src/midi/file.ts';
import { tokenizerFlag } from '../../src/commands/tokenize.ts';
import { BAD_TOKENIZERS, badTokenizerPath, goodSeed } from './brokenFiles.ts';
import { cli, expectCliRefused, expectEveryFlagCovered, expectRefused, type FlagCase, parseArgs, refusal, snapshot, TINY_MODEL, withFlag } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'seedloop-bad-detok-'));
const TOKENIZER = join(TINY_MODEL, 'tokenizer.json');
const GOOD_IDS = JSON.stringify(tokenizerFlag(TOKENIZER).encodeMidi(goodSeed()));
const IDS = join(dir, 'ids.json');
writeFileSync(IDS, GOOD_IDS);
const OUT = join(dir, 'out.mid');
const BASE = ['detokenize', IDS, '--tokenizer', TOKENIZER, '--out', OUT];
mkdirSync(join(dir, 'sub'));

const BAD_IDS: { kind: string; text: string | null }[] = [
  { kind: 'missing', text: null },
  { kind: 'empty', text: '' },
  { kind: 'not JSON', text: '[[1, 2' },
  { kind: 'an object', text: '{"ids": 3}' },
  { kind: 'negative ids', text: '[[1, -3]]' },
  { kind: 'fractional ids', text: '[[1, 2.5]]' },
  { kind: 'ids outside the vocabulary', text: '[[1, 99999]]' },
];

const FLAGS: FlagCase[] = [
  { flag: '--out', bad: ['', join(dir, 'missing', 'x.mid'), join(dir, 'sub'), IDS, join(dir, 'sub', '..', 'ids.json'), TOKENIZER] },
  { flag: '--tokenizer', bad: ['', join(dir, 'missing.json'), join(dir, 'sub')] }, // and the broken-tokenizer table
];
const EXEMPT = { '--ids': 'positional' }; // the BAD_IDS table

const check = (args: never) => detokenizeToScore(args, Readable.from([]));

describe('detokenize refuses bad input before writing', () => {
  it('has a row for every flag the command declares', () => expectEveryFlagCovered(detokenizeCommand, FLAGS, EXEMPT));

  it.each(BAD_IDS)('ids file: $kind', async ({ kind, text }) => {
    const path = join(dir, `${kind.replace(/\W+/g, '-')}.json`);
    if (text !== null) writeFileSync(path, text);
    const before = snapshot(dir);
    expectRefused(await refusal(detokenizeCommand, ['detokenize', path, '--tokenizer', TOKENIZER, '--out', OUT], check), path, kind);
    expect(snapshot(dir)).toEqual(before);
  });

  it.each(BAD_TOKENIZERS)('--tokenizer: $kind', async ({ kind, text }) => {
    const path = badTokenizerPath(join(dir, 'sub'), kind, text);
    const before = snapshot(dir);
    expectRefused(await refusal(detokenizeCommand, withFlag(BASE, '--tokenizer', path), check), ['--tokenizer', path], kind);
    expect(snapshot(dir)).toEqual(before);
  });

  it.each(FLAGS)('$flag', async ({ flag, bad }) => {
    for (const value of bad) {
      const before = snapshot(dir);
      expectRefused(await refusal(detokenizeCommand, withFlag(BASE, flag, value), check), flag, `${flag} ${value}`);
      expect(snapshot(dir)).toEqual(before);
    }
  });

  it('- reads the ids from standard input; garbage there is named as standard input', async () => {
    const args = (await parseArgs(detokenizeCommand, ['detokenize', '-', '--tokenizer', TOKENIZER, '--out', OUT])) as never;
    const score = await detokenizeToScore(args, Readable.from([Buffer.from(GOOD_IDS)]));
    expect(score.tracks.flatMap((t) => t.notes).length).toBeGreaterThan(0);
    await expect(detokenizeToScore(args, Readable.from([Buffer.from('nope')]))).rejects.toThrow(/^standard input is not valid JSON$/);
  });
});

describe('detokenize through the CLI', () => {
  it('- reads standard input and writes the file (it used to say "cannot read " with no name)', () => {
    const out = join(dir, 'stdin.mid');
    const r = cli(['detokenize', '-', '--tokenizer', TOKENIZER, '--out', out], { input: GOOD_IDS });
    expect(r.status, r.stderr).toBe(0);
    expect(readMidi(readFileSync(out)).tracks.flatMap((t) => t.notes).length).toBeGreaterThan(0);
  });

  it('--out in a missing folder: exit 1, one line, nothing written', () => {
    const before = snapshot(dir);
    expectCliRefused(cli(withFlag(BASE, '--out', join(dir, 'missing', 'x.mid'))), '--out');
    expect(snapshot(dir)).toEqual(before);
  });
});
