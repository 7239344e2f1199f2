import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseRouting } from '../../src/routing/flags.ts';

describe('parseRouting', () => {
  it('reads several --in, one --clock-in, a channel or all, and the capture options', () => {
    expect(parseRouting({ in: ['Keys', 'DAW'], 'clock-in': 'DAW', 'in-channel': '10', thru: true, 'seed-end': 'pedal', 'count-in': true, 'loop-start': 'ready' })).toEqual({
      ins: ['Keys', 'DAW'], out: undefined, clockIn: 'DAW', inChannel: 10, thru: true, seedEnd: 'pedal', countIn: true, loopStart: 'ready',
    });
    expect(parseRouting({ in: 'Keys', 'in-channel': 'all' })).toMatchObject({ ins: ['Keys'], inChannel: 'all', seedEnd: 'bars', loopStart: 'seed' });
    expect(parseRouting({ 'in-channel': '0' }).inChannel).toBe('all');
    expect(parseRouting({}).inChannel).toBe('all');
  });

  // Every bad value: one line naming the flag and the value.
  it.each([
    [{ 'clock-in': ['A', 'B'] }, '--clock-in given 2 times ("A", "B"): the clock follows one port'],
    [{ out: ['A', 'B'] }, '--out given 2 times ("A", "B"): seedloop plays to one port'],
    [{ 'in-channel': '-1' }, '--in-channel -1: must be 0-16 (0 or all: every channel)'],
    [{ 'in-channel': '17' }, '--in-channel 17: must be 0-16 (0 or all: every channel)'],
    [{ 'in-channel': '1.5' }, '--in-channel 1.5: must be a whole number 0-16 (0 or all: every channel)'],
    [{ 'in-channel': 'ten' }, '--in-channel ten: must be a number (0 or all: every channel)'],
    [{ 'in-channel': ['1', '2'] }, '--in-channel given 2 times: give one channel (1-16) or all'],
    [{ in: ['Keys', ''] }, '--in: an empty port name'],
    [{ 'seed-end': 'never' }, '--seed-end never: must be bars, pedal, silence'],
    [{ 'loop-start': 'later' }, '--loop-start later: must be seed, ready'],
  ])('%j -> %s', (args, message) => {
    expect(() => parseRouting(args)).toThrow(message);
  });
});

describe('seedloop live with bad routing flags', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, ['bin/seedloop.js', ...args], { encoding: 'utf8', timeout: 30_000 });
  it.each([
    [['--in-channel', '17'], 'seedloop: --in-channel 17: must be 0-16 (0 or all: every channel)'],
    [['--clock-in', 'A', '--clock-in', 'B'], 'seedloop: --clock-in given 2 times ("A", "B"): the clock follows one port'],
  ])('live --demo %j: one line, exit 1', (args, line) => {
    const r = run('live', '--demo', ...args);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(line);
  });
});
