// The command line on a machine with no MIDI service (this one: no /dev/snd): one clear line, no
// ALSA noise from the native library, exit status 1. And --meter: bad values, unsupported meters, a 3/4 demo.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import T from '@tonejs/midi';

const { Midi } = T;

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/seedloop.js', ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, SEEDLOOP_DEBUG: '' } });

describe.skipIf(existsSync('/dev/snd/seq'))('seedloop live without a MIDI service', () => {
  it('says so in one line with what to do, and nothing else', () => {
    for (const args of [['live'], ['ports']]) {
      const r = run(...args);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^seedloop: no MIDI service: .*snd-seq.*--demo/);
      expect(r.stderr).not.toMatch(/ALSA lib|MidiInAlsa/);
    }
  });

  it('names a bad value in one line', () => {
    const r = run('live', '--demo', '--channel', '17');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('seedloop: --channel 17: must be 1-16');
  });
});

describe('seedloop live --meter', () => {
  it('names a bad meter in one line', () => {
    for (const meter of ['4/3', 'x']) {
      const r = run('live', '--demo', '--meter', meter);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toBe(`seedloop: --meter ${meter}: must be N/D with N 1-12 and D 2, 4 or 8 (e.g. 3/4, 6/8)`);
    }
  });

  it('refuses a meter the model cannot write in one line, listing the ones it can, before opening ports', () => {
    for (const args of [['live', '--demo', '--meter', '7/8'], ['live', '--meter', '7/8']]) {
      const r = run(...args);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toEqual([
        "seedloop: --meter 7/8: the model's tokenizer has no such time signature (it supports 1/4, 2/4, 3/4, 4/4, 5/4, 6/4, 3/8, 6/8, 12/8)",
      ]);
    }
  });

  it('--demo --meter 3/4 runs the whole live path in 3/4: no hanging note, a recording in bars of 3 beats', () => {
    const record = join(mkdtempSync(join(tmpdir(), 'seedloop-meter-')), 'out.mid');
    const r = spawnSync(
      process.execPath,
      ['bin/seedloop.js', 'live', '--demo', '--meter', '3/4', '--plain', '--loops', '1', '--loop-bars', '2', '--bpm', '300', '--no-priority', '--record', record],
      { encoding: 'utf8', timeout: 90_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.some((l) => /clock external, running, [\d.]+ BPM, 3\/4$/.test(l))).toBe(true);
    // bar:beat of every log line counts three beats to the bar
    const beats = lines.flatMap((l) => /^\[\d+:(\d+)\]/.exec(l)?.[1] ?? []).map(Number);
    expect(beats.length).toBeGreaterThan(5);
    expect(Math.max(...beats)).toBeLessThanOrEqual(3);
    expect(lines.at(-2)).toMatch(/stopped: 1 loops, \d+ notes out, 0 hanging$/);
    expect(lines.at(-1)).toMatch(/stuck notes 0; recorded /);

    const midi = new Midi(readFileSync(record));
    expect(midi.header.timeSignatures.map((t) => t.timeSignature)).toEqual([[3, 4]]);
    const notes = midi.tracks.flatMap((t) => t.notes);
    expect(notes.length).toBeGreaterThan(0);
    const BAR = 480 * 3;
    const first = Math.min(...notes.map((n) => n.ticks));
    const origin = first - (first % BAR); // the loop starts on a 3/4 bar line (its first note may come later in the bar)
    // right after a bar of count-in and two seed bars (the virtual-time demo test pins it there; on a host
    // stalled past the clock timeout the half seed is dropped and the loop comes a bar or more later)
    expect(origin).toBeGreaterThanOrEqual(3 * BAR);
    // One pass of the two-bar loop: its notes end by the loop line; all that may follow is the next
    // variant's first notes, sounding on that line when the demo stops.
    const loopEnd = origin + 2 * BAR;
    for (const n of notes) {
      if (n.ticks < loopEnd) expect(n.ticks + n.durationTicks).toBeLessThanOrEqual(loopEnd);
      else expect(n.ticks).toBe(loopEnd);
    }
  }, 120_000);
});
