// seedloop bench, bad input: each flag's bad values are refused before the model loads, in one line
// naming the flag (--candidates 0 used to reach ORT and die with SIGFPE, exit 136).
import { describe, expect, it } from 'vitest';
import { benchCommand, checkBenchArgs } from '../../src/commands/bench.ts';
import { loadManifest, resolveModelDir } from '../../src/model/manifest.ts';
import { cli, expectCliRefused, expectEveryFlagCovered, expectRefused, type FlagCase, refusal, TINY_MODEL, withFlag } from './harness.ts';

const BASE = ['bench', '--model', TINY_MODEL, '--device', 'cpu'];
const check = (args: Parameters<typeof checkBenchArgs>[0] & { model?: string }) => {
  checkBenchArgs(args);
  loadManifest(resolveModelDir(args.model)); // what the handler opens first
};

const FLAGS: FlagCase[] = [
  { flag: '--threads', bad: ['abc', '0', '-3', '1.5'] },
  { flag: '--candidates', bad: ['0', '-2', '17', '1.5', 'abc'] },
  { flag: '--runs', bad: ['0', '-1', '2.5', 'abc', 'Infinity'] },
  { flag: '--precision', bad: ['fp16'] },
  { flag: '--device', bad: ['gpu'] },
  { flag: '--hf-checkpoint', bad: ['weights.pt'] }, // without --against-hf
  { flag: '--model', bad: ['/no/model', ''] },
];

/** Flags with no bad value to give. */
const EXEMPT = { '--against-hf': 'boolean', '--warm-up': 'boolean', '--live': 'boolean', '--json': 'boolean' };

describe('bench refuses bad flags before the model loads', () => {
  it('has a row for every flag the command declares', () => expectEveryFlagCovered(benchCommand, FLAGS, EXEMPT));

  it.each(FLAGS)('$flag', async ({ flag, bad }) => {
    for (const value of bad) {
      expectRefused(await refusal(benchCommand, withFlag(BASE, flag, value), check), flag === '--model' ? [flag, value] : flag, `${flag} ${value}`);
    }
  });

  it('accepts good values', async () => {
    expect(await refusal(benchCommand, [...BASE, '--candidates', '16', '--runs', '1', '--threads', '1'], check)).toBeNull();
  });
});

describe('bench through the CLI', () => {
  it('--candidates 0: exit 1 with one line, no native crash (--runs 0, --candidates -2: the table)', () => {
    expectCliRefused(cli(withFlag(BASE, '--candidates', '0')), '--candidates');
  });
});
