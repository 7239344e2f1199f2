// seedloop generate end to end on the tiny model: a .mid that is exactly N bars, and clear errors.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readMidi, writeMidi } from '../../src/midi/file.ts';
import { styleModel } from './styleModel.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/seedloop.js', import.meta.url).pathname;
const MODEL = new URL('../fixtures/tiny-model/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'seedloop-gen-'));

/** A 3/4 seed at 100 bpm: 4 bars of quarter notes, plus a drum track that must be ignored. */
function writeSeed(): string {
  const tpq = 480;
  const notes = Array.from({ length: 12 }, (_, i) => ({ pitch: 60 + (i % 5), velocity: 90, start: i * tpq, duration: tpq }));
  notes.push({ pitch: 5, velocity: 90, start: 0, duration: tpq }); // below the model's range: dropped, and said
  const path = join(dir, 'seed.mid');
  writeFileSync(
    path,
    writeMidi({
      ticksPerQuarter: tpq,
      tempos: [{ tick: 0, bpm: 100 }],
      timeSignatures: [{ tick: 0, numerator: 3, denominator: 4 }],
      tracks: [
        { program: 0, isDrum: false, notes },
        { program: 0, isDrum: true, notes: [{ pitch: 36, velocity: 100, start: 0, duration: 100 }] },
      ],
    }),
  );
  return path;
}

describe('seedloop generate', () => {
  it('writes exactly N bars at the seed tempo and meter, and a JSON summary', async () => {
    const out = join(dir, 'loop.mid');
    const args = ['generate', '--seed', writeSeed(), '--out', out, '--model', MODEL, '--bars', '4', '--seed-bars', '2'];
    const { stdout, stderr } = await run('node', [BIN, ...args, '--rng-seed', '5', '--device', 'cpu', '--json', '--candidates', '2']);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ bars: 4, meter: '3/4', bpm: 100, seedBars: 2, rngSeed: 5, provider: 'cpu', droppedNotes: 1 });
    expect(stderr).toMatch(/seed\.mid: 1 of 13 notes dropped: pitches outside the model's range 21-109\n/);
    expect(summary.candidates).toHaveLength(2);
    const score = readMidi(readFileSync(out));
    const barTicks = 3 * score.ticksPerQuarter;
    expect(score.timeSignatures[0]).toMatchObject({ numerator: 3, denominator: 4 });
    expect(score.tempos[0].bpm).toBeCloseTo(100, 3);
    const notes = score.tracks.flatMap((t) => t.notes);
    expect(notes.length).toBe(summary.notes);
    for (const n of notes) expect(n.start + n.duration).toBeLessThanOrEqual(4 * barTicks);
  });

  it('a missing model is one line naming the path, exit code 1', async () => {
    const err = await run('node', [BIN, 'generate', '--seed', writeSeed(), '--out', join(dir, 'x.mid'), '--model', '/no/model']).catch(
      (e) => e,
    );
    expect(err.code).toBe(1);
    expect(err.stderr).toBe('seedloop: model folder not found: /no/model\n');
  });

  it('a long loop from a seed longer than the context: the context rolls, and the summary says what the model saw', async () => {
    // 8 dense bars of 4/4 (a 3-note chord on every 16th): far more than the tiny model's 512-token context
    const tpq = 480;
    const notes = Array.from({ length: 8 * 16 }, (_, i) => [60, 64, 67].map((p) => ({ pitch: p + (i % 7), velocity: 90, start: (i * tpq) / 4, duration: tpq / 4 }))).flat();
    const seed = join(dir, 'dense.mid');
    writeFileSync(seed, writeMidi({ ticksPerQuarter: tpq, tempos: [{ tick: 0, bpm: 120 }], timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }], tracks: [{ program: 0, isDrum: false, notes }] }));
    const out = join(dir, 'long.mid');
    const args = ['generate', '--seed', seed, '--out', out, '--model', MODEL, '--bars', '16', '--seed-bars', '8', '--rng-seed', '1', '--device', 'cpu'];
    const { stdout, stderr } = await run('node', [BIN, ...args, '--json']);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ bars: 16, seedTrimmed: true });
    expect(summary.seedBars).toBeGreaterThan(0);
    expect(summary.seedBars).toBeLessThan(8);
    expect(stderr).toBe('');
    const score = readMidi(readFileSync(out));
    for (const n of score.tracks.flatMap((t) => t.notes)) expect(n.start + n.duration).toBeLessThanOrEqual(16 * 4 * score.ticksPerQuarter);
    const plain = await run('node', [BIN, ...args.map((a) => (a === '16' ? '1' : a))]); // the note alone: 1 bar is enough
    expect(plain.stderr).toMatch(new RegExp(`seed trimmed: the model saw its last ${summary.seedBars} of 8 bars \\(\\d+ tokens; context 512\\)`));
  });

  it('--style: asked of a model with style tokens; refused in one line for one without; a preset\'s style is only a preference', async () => {
    const base = ['generate', '--seed', writeSeed(), '--bars', '2', '--seed-bars', '2', '--rng-seed', '3', '--device', 'cpu', '--json'];
    const styled = await run('node', [BIN, ...base, '--out', join(dir, 'styled.mid'), '--model', styleModel(), '--style', 'jazz']);
    expect(JSON.parse(styled.stdout)).toMatchObject({ bars: 2, style: 'jazz' });
    const err = await run('node', [BIN, ...base, '--out', join(dir, 'refused.mid'), '--model', MODEL, '--style', 'jazz']).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toBe(`seedloop: --style jazz: model ${MODEL.replace(/\/$/, '')} has no style tokens (a model prepared with \`training prepare --style\` has)\n`);
    const folk = await run('node', [BIN, ...base, '--out', join(dir, 'folk.mid'), '--model', MODEL, '--preset', 'folk']);
    expect(JSON.parse(folk.stdout)).toMatchObject({ bars: 2, style: null });
  });
});
