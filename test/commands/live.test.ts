// seedloop live, bad input: each flag's bad values are refused before any thread starts, in one line
// naming the flag; an output path is checked first; an error after start still ends every thread.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLiveArgs, liveCommand } from '../../src/commands/live.ts';
import { BIN, cli, expectCliRefused, expectEveryFlagCovered, expectRefused, type FlagCase, refusal, snapshot, TINY_MODEL, withFlag } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'seedloop-bad-live-'));
const BASE = ['live', '--demo'];

/** Other helpers: add rows here for new live flags (--clock-in, --in-channel, --count-in, ...). */
const FLAGS: FlagCase[] = [
  { flag: '--channel', bad: ['0', '17', '1.5', 'abc'] },
  { flag: '--bpm', bad: ['0', '19', '401', 'abc'] },
  { flag: '--meter', bad: ['4/3', 'x', '0/4', '13/4', ''] },
  { flag: '--latency-ms', bad: ['501', '-501', 'abc', 'Infinity'] },
  { flag: '--loops', bad: ['0', '1.5', 'abc'] },
  { flag: '--loop-bars', bad: ['0', '17', '1.5', 'abc'] },
  { flag: '--seed-bars', bad: ['0', '17', 'abc'] },
  { flag: '--threads', bad: ['abc', '0', '-3', '2.5'] },
  { flag: '--jitter-ms', bad: ['-1', '51', 'abc'] },
  { flag: '--record', bad: ['', join(dir, 'missing', 'x.mid'), dir] },
  { flag: '--preset', bad: ['nope', 'bad name', '../default'] },
  { flag: '--style', bad: ['rock', '', 'folk'] }, // the shipped model has no style tokens: an explicit style is refused
  { flag: '--device', bad: ['gpu'] },
  { flag: '--model', bad: ['/no/such/model', dir, ''] },
  { flag: '--in', bad: [''] },
  { flag: '--in-channel', bad: ['-1', '17', '1.5', 'ten', ''] },
  { flag: '--seed-end', bad: ['never', ''] },
  { flag: '--loop-start', bad: ['later', ''] },
  { flag: '--out', bad: [''] },
  { flag: '--clock-in', bad: [''] },
  { flag: '--export-dir', bad: ['', join(dir, 'missing'), join(dir, 'a-file')] },
  { flag: '--program', bad: ['0', '129', '1.5', 'abc'] },
  { flag: '--bank', bad: ['0', '16383'] }, // without --program (its range: --program 1 --bank 16384, below)
  { flag: '--velocity', bad: ['9', '201', '1.5', 'abc'] },
  { flag: '--change-every', bad: ['-1', '17', '1.5', 'abc'] },
  { flag: '--groove', bad: ['', 'no-such-template', join(dir, 'missing.json'), join(dir, 'a-file')] },
  { flag: '--groove-amount', bad: ['-1', '101', '1.5', 'abc'] },
  { flag: '--swing', bad: ['49', '76', '60.5', 'abc'] },
  { flag: '--swing-grid', bad: ['4', '12', '32', 'abc'] },
  { flag: '--humanize-timing', bad: ['-1', '51', '2.5', 'abc'] },
  { flag: '--humanize-velocity', bad: ['-1', '41', '2.5', 'abc'] },
];

/** Flags with no bad value to give (a stray word after a boolean: the test below). */
const EXEMPT = {
  '--demo': 'boolean',
  '--clock-out': 'boolean',
  '--json': 'boolean',
  '--plain': 'boolean',
  '--priority': 'boolean',
  '--thru': 'boolean',
  '--count-in': 'boolean',
};

describe('live refuses bad flags before starting', () => {
  writeFileSync(join(dir, 'a-file'), 'not a folder, not a groove');
  it('has a row for every flag the command declares', () => expectEveryFlagCovered(liveCommand, FLAGS, EXEMPT));

  it.each(FLAGS)('$flag', async ({ flag, bad }) => {
    for (const value of bad) {
      const before = snapshot(dir);
      const said = await refusal(liveCommand, withFlag(BASE, flag, value), checkLiveArgs);
      expectRefused(said, flag === '--model' ? [flag, value] : flag, `${flag} ${value}`);
      expect(snapshot(dir)).toEqual(before);
    }
  });

  it('--bank out of range with --program is named', async () => {
    for (const value of ['16384', '-1', '1.5']) {
      expectRefused(await refusal(liveCommand, [...BASE, '--program', '1', '--bank', value], checkLiveArgs), '--bank', value);
    }
  });

  it('a boolean flag takes no value: a stray word after it is named', async () => {
    for (const flag of ['--clock-out', '--json', '--plain', '--priority', '--thru', '--count-in']) {
      expectRefused(await refusal(liveCommand, [...BASE, flag, 'maybe'], checkLiveArgs), 'maybe', flag);
    }
  });

  it('one clock port, one output: --clock-in or --out given twice is named', async () => {
    for (const flag of ['--clock-in', '--out']) {
      expectRefused(await refusal(liveCommand, [...BASE, flag, 'A', flag, 'B'], checkLiveArgs), flag);
    }
  });

  it('--loops goes with --demo (--record works in live too)', async () => {
    expectRefused(await refusal(liveCommand, ['live', '--loops', '2'], checkLiveArgs), '--loops');
  });
});

describe('live through the CLI', () => {
  it('--record into a missing folder is refused before the demo starts (it used to play, then hang)', () => {
    const r = cli(['live', '--demo', '--plain', '--record', join(dir, 'missing-dir', 'x.mid')], { timeout: 20_000 });
    expectCliRefused(r, '--record');
  });

  it('says once that a garbage settings file is ignored, and leaves it as it was', () => {
    const config = join(dir, 'config');
    mkdirSync(config);
    writeFileSync(join(config, 'settings.json'), '{"bindings": [');
    const r = cli(['live', '--demo', '--plain', '--meter', '7/8'], { env: { SEEDLOOP_CONFIG_DIR: config }, timeout: 20_000 });
    expect(r.status).toBe(1);
    const warned = r.lines.filter((l) => l.includes('settings.json'));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/^seedloop: ignoring .*settings\.json: not valid JSON \(.*\); MIDI-learn bindings will not be saved/);
    expect(snapshot(config)).toEqual({ 'settings.json': expect.any(String) });
  });

  it('an error after start (the --record folder removed mid-run) exits 1 in one line, every thread ended', async () => {
    const out = join(dir, 'vanishing');
    mkdirSync(out);
    const child = spawn(
      process.execPath,
      [BIN, 'live', '--demo', '--plain', '--model', TINY_MODEL, '--loops', '1', '--loop-bars', '1', '--seed-bars', '1', '--bpm', '300', '--no-priority', '--record', join(out, 'x.mid')],
      { env: { ...process.env, SEEDLOOP_DEBUG: '' } },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => rmSync(out, { recursive: true })); // the demo has started
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code, stderr).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^seedloop: --record .*x\.mid: cannot write it \(ENOENT\)$/)]);
  }, 70_000);
});
