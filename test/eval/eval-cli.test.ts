// seedloop eval end to end on the tiny model and a fixture folder the test writes: skips are counted,
// the human reference is what the files hold, and the JSON, table and plot come out.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeMidi } from '../../src/midi/file.ts';
import type { Note, TimeSignature } from '../../src/types.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/seedloop.js', import.meta.url).pathname;
const MODEL = new URL('../fixtures/tiny-model/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'seedloop-eval-'));
const midi = join(dir, 'midi');
mkdirSync(join(midi, 'sub'), { recursive: true });

/** `bars` bars of 4/4 quarter notes (4 per bar) walking a C major arpeggio, velocity 87 or 71 by beat. */
function piece(bars: number, meters: TimeSignature[] = [{ tick: 0, numerator: 4, denominator: 4 }]): Uint8Array {
  const tpq = 480;
  const pitches = [60, 64, 67, 72];
  const notes: Note[] = Array.from({ length: bars * 4 }, (_, i) => ({
    pitch: pitches[i % 4] + (Math.floor(i / 16) % 2) * 2,
    velocity: i % 2 ? 71 : 87,
    start: i * tpq,
    duration: tpq,
  }));
  return writeMidi({ ticksPerQuarter: tpq, tempos: [{ tick: 0, bpm: 110 }], timeSignatures: meters, tracks: [{ program: 0, isDrum: false, notes }] });
}

writeFileSync(join(midi, 'a.mid'), piece(14));
writeFileSync(join(midi, 'sub', 'b.mid'), piece(12));
writeFileSync(join(midi, 'c-short.mid'), piece(9));
// 48 positions x 8 pitches in each bar: one bar is longer than the tiny model's context (512 tokens)
const dense: Note[] = Array.from({ length: 12 * 48 * 8 }, (_, i) => ({ pitch: 48 + (i % 8) * 3, velocity: 80, start: Math.floor(i / 8) * 40, duration: 40 }));
writeFileSync(join(midi, 'a0-dense.mid'), writeMidi({ ticksPerQuarter: 480, tempos: [{ tick: 0, bpm: 110 }], timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }], tracks: [{ program: 0, isDrum: false, notes: dense }] }));
writeFileSync(join(midi, 'd-meter.mid'), piece(14, [{ tick: 0, numerator: 4, denominator: 4 }, { tick: 6 * 4 * 480, numerator: 3, denominator: 4 }]));
writeFileSync(join(midi, 'e-broken.mid'), 'not a midi file');

describe('seedloop eval', () => {
  it('runs on a small folder: counts skips, measures the human reference exactly, writes JSON and a PNG', async () => {
    const out = join(dir, 'report.json');
    const plot = join(dir, 'rolls.png');
    const args = ['eval', '--midi', midi, '--n', '3', '--preset', 'default', 'tight', '--rng-seed', '3', '--model', MODEL, '--device', 'cpu'];
    const { stdout, stderr } = await run('node', [BIN, ...args, '--out', out, '--plot', plot]);
    expect(stderr).toContain('3 pieces (skipped 1 too short, 1 with a meter change, 1 unreadable)');
    expect(stderr).toContain("dropped 1 with a seed bar too long for the model's context: a0-dense.mid");
    expect(stdout.split('\n')[0]).toMatch(/^descriptor +human +split-half \(OA\) +seed x2 \(OA\) +default \(OA\) +tight \(OA\)$/);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.pieces).toBe(2);
    expect(report.skipped).toEqual({ tooShort: 1, meterChange: 1, unreadable: 1, tooDense: 1 });
    expect(report.perPiece.map((p: { file: string }) => p.file)).toEqual(['a.mid', 'sub/b.mid']);
    const human = report.sets.human.stats;
    expect(human.notesPerBar.mean).toBe(4);
    expect(human.scaleConsistency.mean).toBe(1);
    expect(human.velocityStd.mean).toBe(8); // 87 and 71 alternate (both on the 16-step velocity grid)
    expect(human.distinctBars.mean).toBe(2); // bars 5-8 are C E G C, bars 9-12 the same a tone up
    expect(report.sets['seed x2'].stats.copiedSeedBars.mean).toBe(1);
    for (const name of ['default', 'tight']) {
      const s = report.sets[name];
      expect(s.n).toBe(2);
      expect(s.stats.notesPerBar.oa).toBeGreaterThanOrEqual(0);
      expect(s.stats.notesPerBar.oa).toBeLessThanOrEqual(1);
    }
    const png = readFileSync(plot);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBeGreaterThan(300); // width: seed, two loops and human side by side
  }, 60_000);

  it('bad input is one line naming the flag', async () => {
    const err = await run('node', [BIN, 'eval', '--midi', join(dir, 'nope'), '--model', MODEL]).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toBe(`seedloop: --midi ${join(dir, 'nope')}: not a readable folder\n`);
    const err2 = await run('node', [BIN, 'eval', '--midi', midi, '--n', '1', '--model', MODEL]).catch((e) => e);
    expect(err2.stderr).toBe('seedloop: --n must be a whole number >= 2, not 1\n');
  }, 30_000);
});
