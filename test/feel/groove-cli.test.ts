// seedloop groove FILE: the template of a MIDI file, as a table or JSON; bad input is one line.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeMidi } from '../../src/midi/file.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/seedloop.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'seedloop-groove-cli-'));

/** 8ths swung 2:1 at 90 bpm, offbeats 20 ms early of the triplet; drums on top (ignored). */
function swung(): string {
  const tpq = 480;
  const early = Math.round((20 / (60_000 / 90)) * tpq);
  const notes = Array.from({ length: 8 }, (_, b) => [
    { pitch: 60, velocity: 100, start: b * tpq, duration: 200 },
    { pitch: 62, velocity: 50, start: b * tpq + 320 - early, duration: 100 },
  ]).flat();
  const path = join(dir, 'swung.mid');
  writeFileSync(path, writeMidi({ ticksPerQuarter: tpq, tempos: [{ tick: 0, bpm: 90 }], timeSignatures: [], tracks: [{ program: 0, isDrum: false, notes }, { program: 0, isDrum: true, notes: [{ pitch: 36, velocity: 127, start: 7, duration: 10 }] }] }));
  return path;
}

describe('seedloop groove', () => {
  it('prints the swing and the offset per position at the file tempo', async () => {
    const { stdout } = await run('node', [BIN, 'groove', swung()]);
    const [head, , one, , , and, l] = stdout.split('\n');
    expect(head).toMatch(/^16 notes; swing 8ths 1\.\d\d:1, 16ths straight \| ms@90bpm /);
    expect(one).toMatch(/^1 +0\/12 +8 +0\.0 +0\.0 +1\.33$/);
    expect(and).toMatch(/\(too few notes: borrowed\)$/);
    expect(l).toMatch(/^l +8\/12 +8 +-19\.4 +0\.0 +0\.67$/); // 20 ms, rounded to the file's ticks
  });

  it('--json is the template itself', async () => {
    const { stdout } = await run('node', [BIN, 'groove', swung(), '--json']);
    const t = JSON.parse(stdout);
    expect(t.grid).toBe(12);
    expect(t.slots[8].count).toBe(8);
    expect(t.swing8.count).toBe(8);
  });

  it.each([
    [['/no/such.mid'], 'seedloop: file /no/such.mid: no such file\n'],
    [['--grid', '0'], 'seedloop: --grid: must be a whole number 1-48 (got 0)\n'],
  ])('%j is one line, exit 1', async (extra, message) => {
    const args = extra[0].startsWith('--') ? ['groove', swung(), ...extra] : ['groove', ...extra];
    const err = await run('node', [BIN, ...args]).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toBe(message);
  });
});
