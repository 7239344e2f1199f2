// The musical controls as generate flags, on the tiny model with a fixed seed file and rng seed.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readMidi, writeMidi } from '../../src/midi/file.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/seedloop.js', import.meta.url).pathname;
const MODEL = new URL('../fixtures/tiny-model/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'seedloop-musical-'));
const seed = join(dir, 'seed.mid');
// 4 bars of C# major (C# D# F G#) eighth notes, pitches 61..80
const PITCHES = [61, 63, 65, 68, 73, 75, 77, 80];
writeFileSync(
  seed,
  writeMidi({
    ticksPerQuarter: 480,
    tempos: [{ tick: 0, bpm: 120 }],
    timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
    tracks: [{ program: 0, isDrum: false, notes: Array.from({ length: 32 }, (_, i) => ({ pitch: PITCHES[i % 8], velocity: 90, start: i * 240, duration: 240 })) }],
  }),
);

async function loopPitches(...flags: string[]): Promise<number[]> {
  const out = join(dir, `loop-${flags.join('_').replace(/[^A-Za-z0-9_-]/g, '')}.mid`);
  await run('node', [BIN, 'generate', '--seed', seed, '--out', out, '--model', MODEL, '--rng-seed', '11', '--device', 'cpu', '--temperature', '1.5', ...flags]);
  return readMidi(readFileSync(out)).tracks.flatMap((t) => t.notes.map((n) => n.pitch));
}

const C_SHARP_MAJOR = new Set([1, 3, 5, 6, 8, 10, 0]);

describe('musical controls on generate', () => {
  it('--key auto --key-strength 1 keeps every pitch in the seed key; without it, some leave it', async () => {
    const free = await loopPitches();
    const locked = await loopPitches('--key', 'auto', '--key-strength', '1');
    expect(free.some((p) => !C_SHARP_MAJOR.has(p % 12))).toBe(true);
    expect(locked.length).toBeGreaterThan(0);
    expect(locked.every((p) => C_SHARP_MAJOR.has(p % 12))).toBe(true);
  }, 30_000);

  it('--register 0 keeps the loop within the seed range; --transpose 5 moves that range up', async () => {
    const inRange = await loopPitches('--register', '0');
    expect(Math.min(...inRange)).toBeGreaterThanOrEqual(61);
    expect(Math.max(...inRange)).toBeLessThanOrEqual(80);
    expect(Math.min(...inRange)).toBeLessThan(66); // so the transposed bound below says something
    const up = await loopPitches('--register', '0', '--transpose', '5');
    expect(Math.min(...up)).toBeGreaterThanOrEqual(66);
    expect(Math.max(...up)).toBeLessThanOrEqual(85);
  }, 30_000);

  it('a bad control value is one line naming the field', async () => {
    const err = await run('node', [BIN, 'generate', '--seed', seed, '--out', join(dir, 'x.mid'), '--model', MODEL, '--density', '3']).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toBe('seedloop: --density 3: must be 0-2\n');
    const bad = await run('node', [BIN, 'generate', '--seed', seed, '--out', join(dir, 'x.mid'), '--model', MODEL, '--key', 'H minor']).catch((e) => e);
    expect(bad.stderr).toBe("seedloop: --key H minor: must be auto, seed, off or a key such as 'A minor'\n");
  }, 30_000);
});
