// seedloop generate, bad input: every flag's bad values and every broken seed kind are refused before
// the model loads, in one line naming the flag or file, with no output written. A few go through the CLI.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkGenerateArgs, generateCommand } from '../../src/commands/generate.ts';
import { BROKEN_MIDI, goodSeed, NOTHING_TO_CONTINUE, scoreFile } from './brokenFiles.ts';
import { cli, expectCliRefused, expectRefused, expectEveryFlagCovered, type FlagCase, parseArgs, refusal, snapshot, TINY_MODEL, withFlag } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'seedloop-bad-gen-'));
const SEED = join(dir, 'seed.mid');
writeFileSync(SEED, goodSeed());
const OUT = join(dir, 'loop.mid');
const BASE = ['generate', '--seed', SEED, '--out', OUT, '--model', TINY_MODEL];

function modelWith(name: string, change: (m: Record<string, unknown>) => void): string {
  const d = join(dir, name);
  mkdirSync(d);
  const m = JSON.parse(readFileSync(join(TINY_MODEL, 'manifest.json'), 'utf8'));
  change(m);
  writeFileSync(join(d, 'manifest.json'), JSON.stringify(m));
  return d;
}

const FLAGS: FlagCase[] = [
  { flag: '--bars', bad: ['0', '-1', '1.5', 'abc', 'NaN', 'Infinity'] },
  { flag: '--seed-bars', bad: ['0', '-2', '2.5', 'abc', '9'] },
  { flag: '--temperature', bad: ['-1', '6', 'abc', 'Infinity'] },
  { flag: '--top-p', bad: ['0', '1.5', '-0.1', 'abc'] },
  { flag: '--top-k', bad: ['-1', '2.5', 'abc'] },
  { flag: '--min-p', bad: ['-0.1', '1', 'abc'] },
  { flag: '--repetition-penalty', bad: ['0.5', '4', 'abc'] },
  { flag: '--rng-seed', bad: ['abc', '1e400', '-1', '1.5', '4294967296', '9007199254740993'] },
  { flag: '--candidates', bad: ['0', '-2', '17', '1.5', 'abc'] },
  { flag: '--max-bar-tokens', bad: ['7', '513', '1.5', 'abc'] },
  { flag: '--threads', bad: ['abc', '0', '-3', '1.5'] },
  { flag: '--device', bad: ['gpu', ''] },
  { flag: '--preset', bad: ['nope', '../default', 'bad name'] },
  { flag: '--model', bad: ['/no/such/model', dir, ''] },
  { flag: '--out', bad: ['', join(dir, 'missing', 'x.mid'), dir, SEED, join(dir, '.', 'sub', '..', 'seed.mid')] },
  { flag: '--seed', bad: ['', join(dir, 'missing.mid'), dir] },
  { flag: '--key', bad: ['H major', 'A', 'maybe', ''] },
  { flag: '--key-strength', bad: ['-0.1', '1.5', 'abc'] },
  { flag: '--transpose', bad: ['13', '-13', '1.5', 'abc'] },
  { flag: '--density', bad: ['-1', '3', 'abc'] },
  { flag: '--register', bad: ['-2', '49', '1.5', 'abc'] },
  { flag: '--motif', bad: ['-1', '9', 'abc'] },
  { flag: '--tonal', bad: ['-1', '5', 'abc'] },
  { flag: '--pitch-follow', bad: ['-0.5', '4.5', 'abc'] },
  { flag: '--velocity-follow', bad: ['-1', '5', 'abc'] },
  { flag: '--wrap', bad: ['-1', '9', 'abc'] },
  { flag: '--style', bad: ['rock', '', 'game', 'jazz'] }, // the tiny model has no style tokens: an explicit style is refused
  { flag: '--groove', bad: ['', 'no-such-template', join(dir, 'missing.json'), SEED] },
  { flag: '--groove-amount', bad: ['-1', '101', '1.5', 'abc'] },
  { flag: '--swing', bad: ['49', '76', '60.5', 'abc'] },
  { flag: '--swing-grid', bad: ['4', '12', '32', 'abc'] },
  { flag: '--humanize-timing', bad: ['-1', '51', '2.5', 'abc'] },
  { flag: '--humanize-velocity', bad: ['-1', '41', '2.5', 'abc'] },
];

/** Flags with no bad value to give (a stray word after a boolean: the test below). */
const EXEMPT = { '--with-seed': 'boolean', '--json': 'boolean' };

describe('generate refuses bad flags before any work', () => {
  it('has a row for every flag the command declares', () => expectEveryFlagCovered(generateCommand, FLAGS, EXEMPT));

  mkdirSync(join(dir, 'sub'));
  symlinkSync(SEED, join(dir, 'link.mid'));
  FLAGS.push({ flag: '--out', bad: [join(dir, 'link.mid')] });
  FLAGS.push({ flag: '--model', bad: [modelWith('too-long-context', (m) => (m.contextLength = 4096))] });
  if (process.getuid?.() !== 0) {
    mkdirSync(join(dir, 'locked'));
    chmodSync(join(dir, 'locked'), 0o555);
    FLAGS.push({ flag: '--out', bad: [join(dir, 'locked', 'x.mid')] });
  }

  it.each(FLAGS)('$flag', async ({ flag, bad }) => {
    for (const value of bad) {
      const before = snapshot(dir);
      const message = await refusal(generateCommand, withFlag(BASE, flag, value), checkGenerateArgs);
      expectRefused(message, flag === '--model' ? [flag, value] : flag, `${flag} ${value}`);
      expect(snapshot(dir), `${flag} ${value} wrote a file`).toEqual(before);
    }
  });

  it('names the flag, not the internal field, with the rule broken', async () => {
    const say = (flag: string, v: string) => refusal(generateCommand, withFlag(BASE, flag, v), checkGenerateArgs);
    expect(await say('--top-p', '1.5')).toBe('--top-p 1.5: must be 0.05-1');
    expect(await say('--seed-bars', '0')).toBe('--seed-bars 0: must be 1-8');
    expect(await say('--min-p', '1')).toBe('--min-p 1: must be 0-0.5');
    expect(await say('--rng-seed', '4294967296')).toBe('--rng-seed 4294967296: must be a whole number 0-4294967295');
    expect(await say('--threads', 'abc')).toBe('--threads abc: not a number');
    expect(await say('--rng-seed', '1e400')).toBe('--rng-seed Infinity: must be a whole number 0-4294967295');
    expect(await say('--device', 'gpu')).toBe('--device "gpu": must be one of "auto", "cpu", "webgpu", "cuda", "coreml", "dml"');
  });

  it('a boolean flag takes no value: a stray word after --with-seed or --json is named', async () => {
    for (const flag of ['--with-seed', '--json']) {
      expectRefused(await refusal(generateCommand, [...BASE, flag, 'maybe'], checkGenerateArgs), 'maybe', flag);
    }
  });

  it('tells a missing seed from a folder given as the seed', async () => {
    const say = (v: string) => refusal(generateCommand, withFlag(BASE, '--seed', v), checkGenerateArgs);
    expect(await say(join(dir, 'missing.mid'))).toMatch(/^--seed .*missing\.mid: no such file$/);
    expect(await say(dir)).toMatch(/^--seed .*: is a folder, not a file$/);
  });

  it('refuses a manifest whose contextLength is beyond what the model was trained with', async () => {
    const m = modelWith('long-context', (x) => (x.contextLength = 2048));
    expect(await refusal(generateCommand, withFlag(BASE, '--model', m), checkGenerateArgs)).toMatch(
      /contextLength 2048 is larger than the 512 tokens the model was trained with/,
    );
  });
});

describe('generate refuses broken seed files, naming the file and the cause', () => {
  const cases = [...BROKEN_MIDI, ...NOTHING_TO_CONTINUE, { kind: 'a 7/8 seed', bytes: scoreFile([60, 62, 64, 65, 67, 69, 71], [7, 8]), message: /time signature 7\/8: .*no such time signature/ }];
  it.each(cases)('$kind', async ({ kind, bytes, message }) => {
    const seed = join(dir, `${kind.replace(/\W+/g, '-')}.mid`);
    writeFileSync(seed, bytes);
    const before = snapshot(dir);
    const said = await refusal(generateCommand, withFlag(BASE, '--seed', seed), checkGenerateArgs);
    expectRefused(said, seed, kind);
    expect(said).toMatch(message);
    expect(snapshot(dir)).toEqual(before);
  });

  it('says how many notes were dropped for their pitch, and why', async () => {
    const seed = join(dir, 'mostly-low.mid');
    writeFileSync(seed, scoreFile([60, 5, 6, 7, 8, 9, 10, 11, 12]));
    const plan = await checkGenerateArgs((await parseArgs(generateCommand, withFlag(BASE, '--seed', seed))) as never);
    expect(plan.seedCheck.warning).toBe(`--seed ${seed}: 8 of 9 notes dropped: pitches outside the model's range 21-109`);
  });
});

describe('generate through the CLI: exit 1, one line, nothing written', () => {
  it('refuses to write the loop over its own seed (./ and symlinks: the table above)', () => {
    const seedBytes = readFileSync(SEED);
    for (const out of [join(dir, 'sub', '..', 'seed.mid')]) {
      expectCliRefused(cli([...withFlag(BASE, '--out', out), '--device', 'cpu']), '--out');
      expect(readFileSync(SEED).equals(seedBytes)).toBe(true);
    }
  });

  it('checks --out before the model loads, and --threads as a flag', () => {
    for (const [flag, value] of [['--out', join(dir, 'missing', 'x.mid')], ['--threads', '-3']]) {
      const before = snapshot(dir);
      expectCliRefused(cli(withFlag(BASE, flag, value)), flag);
      expect(snapshot(dir)).toEqual(before);
    }
  });

  it('prints a corrupt chunk name escaped', () => {
    const bad = join(dir, 'cli-binary-chunk.mid');
    writeFileSync(bad, BROKEN_MIDI.find((b) => b.kind.startsWith('binary'))!.bytes);
    const r = cli(withFlag(BASE, '--seed', bad));
    expectCliRefused(r, bad);
    expect(r.lines[0]).toContain('"\\x00\\x1b\\x9b\\x07"');
    expect(r.stderr).not.toMatch(/[\x00-\x08\x1b\x7f-\x9f]/);
  });
});
