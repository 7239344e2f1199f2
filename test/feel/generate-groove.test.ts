// generate with groove, end to end on the tiny model: the seed's feel from its exact ticks lands on
// the loop; --groove off leaves the loop on the grid; bad feel flags are one line naming the flag.
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
const dir = mkdtempSync(join(tmpdir(), 'seedloop-groove-'));
const TPQ = 480;
const SWUNG = 9 / 14; // a 1.8:1 swing: the tokenizer puts it on 2/3

/** 4 bars of swung 8ths at 100 bpm: downbeats on time at velocity 100, offbeats at 9/14 at 60. */
function swungSeed(): string {
  const notes = Array.from({ length: 16 }, (_, b) => [
    { pitch: 60 + (b % 5), velocity: 100, start: b * TPQ, duration: 200 },
    { pitch: 64 + (b % 3), velocity: 60, start: Math.round((b + SWUNG) * TPQ), duration: 120 },
  ]).flat();
  const path = join(dir, 'swung.mid');
  writeFileSync(path, writeMidi({ ticksPerQuarter: TPQ, tempos: [{ tick: 0, bpm: 100 }], timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }], tracks: [{ program: 0, isDrum: false, notes }] }));
  return path;
}

async function generate(extra: string[]): Promise<{ start: number; pitch: number; velocity: number }[]> {
  const out = join(dir, `loop-${extra.join('_').replace(/[^a-z0-9]/gi, '')}.mid`);
  await run('node', [BIN, 'generate', '--seed', swungSeed(), '--out', out, '--model', MODEL, '--bars', '2', '--seed-bars', '2', '--rng-seed', '11', '--device', 'cpu', '--json', ...extra]);
  const score = readMidi(readFileSync(out));
  return score.tracks.flatMap((t) => t.notes).map((n) => ({ start: n.start / score.ticksPerQuarter, pitch: n.pitch, velocity: n.velocity })).sort((a, b) => a.start - b.start || a.pitch - b.pitch);
}

describe('generate --groove', () => {
  it('off: on the 12-per-beat grid; seed at 100%: offbeats at the seed\'s 9/14, with its accents', async () => {
    const [off, seed] = [await generate(['--groove', 'off']), await generate(['--groove-amount', '100'])];
    expect(off.length).toBeGreaterThan(4);
    for (const n of off) expect(Math.abs(n.start * 12 - Math.round(n.start * 12))).toBeLessThan(1e-6);
    expect(seed.length).toBe(off.length); // same rng seed, same loop: only the feel differs
    let offbeats = 0;
    off.forEach((g, i) => {
      const slot = Math.round((g.start % 1) * 12);
      if (slot !== 6 && slot !== 8) return;
      offbeats++;
      const moved = seed.find((n) => n.pitch === g.pitch && Math.abs(n.start - g.start) < 0.2)!;
      expect(Math.abs((moved.start % 1) - SWUNG)).toBeLessThan(1.5 / TPQ);
      expect(moved.velocity).toBe(Math.max(1, Math.round(off[i].velocity * 0.75))); // offbeats at 60 of a mean 80

    });
    expect(offbeats).toBeGreaterThan(0);
  }, 60_000);

  it.each([
    [['--groove-amount', '150'], 'seedloop: --groove-amount 150: must be 0-100\n'],
    [['--swing-grid', '12'], 'seedloop: --swing-grid 12: must be one of 8, 16\n'],
    [['--humanize-velocity', '2.5'], 'seedloop: --humanize-velocity 2.5: must be a whole number 0-40\n'],
  ])('%j is one line naming the flag, exit 1', async (extra, message) => {
    const err = await run('node', [BIN, 'generate', '--seed', swungSeed(), '--out', join(dir, 'x.mid'), '--model', MODEL, ...extra]).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toBe(message);
  });

  it('an unknown template name is named, with the saved ones', async () => {
    const err = await run('node', [BIN, 'generate', '--seed', swungSeed(), '--out', join(dir, 'x.mid'), '--model', MODEL, '--groove', 'no such groove']).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/^seedloop: --groove: no groove template "no such groove" \(.*no-such-groove\.json\); saved: /);
  });
});
