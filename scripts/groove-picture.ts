// docs/groove.svg: a seed played with swing, push and accents; the loop the shipped model continues it
// with, written with --groove off and with the seed's groove at 100% (same rng seed, same notes).
// Run: node --import tsx scripts/groove-picture.ts   (writes docs/groove.svg and prints the template)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractGroove } from '../src/feel/extract.ts';
import { playedNotes } from '../src/feel/offline.ts';
import { describe } from '../src/feel/template.ts';
import { readMidi, writeMidi } from '../src/midi/file.ts';
import { rollSvg, type SvgNote } from '../src/plot/rollSvg.ts';
import type { Score } from '../src/types.ts';

const TPQ = 480;
const BPM = 100;
const dir = mkdtempSync(join(tmpdir(), 'groove-picture-'));
// A 4-bar riff: 8ths swung 1.8:1 (offbeat at 9/14 of the beat), downbeats 12 ms late and loud, offbeats soft.
const late = 12 / (60_000 / BPM);
const riff = [60, 63, 65, 67, 70, 67, 65, 63];
const notes = Array.from({ length: 16 }, (_, beat) => [
  { pitch: riff[(beat * 2) % 8], velocity: 104, start: Math.round((beat + late) * TPQ), duration: 260 },
  { pitch: riff[(beat * 2 + 1) % 8], velocity: 58, start: Math.round((beat + 9 / 14) * TPQ), duration: 130 },
]).flat();
const seed: Score = { ticksPerQuarter: TPQ, tempos: [{ tick: 0, bpm: BPM }], timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }], tracks: [{ program: 0, isDrum: false, notes }] };
const seedPath = join(dir, 'seed.mid');
writeFileSync(seedPath, writeMidi(seed));

function loop(groove: string): SvgNote[] {
  const out = join(dir, `loop-${groove}.mid`);
  execFileSync('node', ['bin/seedloop.js', 'generate', '--seed', seedPath, '--out', out, '--bars', '2', '--rng-seed', '3', '--groove', groove, '--device', 'cpu', '--json']);
  const s = readMidi(readFileSync(out));
  return s.tracks.flatMap((t) => t.notes).map((n) => ({ pitch: n.pitch, velocity: n.velocity, start: n.start / s.ticksPerQuarter, duration: n.duration / s.ticksPerQuarter }));
}

const template = extractGroove(playedNotes(seed));
process.stdout.write(`${describe(template, BPM)}\n`);
const seedBars = notes.filter((n) => n.start < 8 * TPQ).map((n) => ({ pitch: n.pitch, velocity: n.velocity, start: n.start / TPQ, duration: n.duration / TPQ }));
const svg = rollSvg([
  { title: 'seed as played (bars 1-2): 8ths swung 1.8:1, downbeats 12 ms late and loud, offbeats soft', notes: seedBars, beats: 8, beatsPerBar: 4, color: '#444' },
  { title: 'loop, --groove off: the tokenizer grid (a 1.8:1 swing is rounded to 2:1, accents flat)', notes: loop('off'), beats: 8, beatsPerBar: 4, color: '#c0392b' },
  { title: 'loop, --groove seed (100%): the seed\'s offsets and accents put back', notes: loop('seed'), beats: 8, beatsPerBar: 4, color: '#1e5ac8' },
]);
writeFileSync('docs/groove.svg', svg);
process.stdout.write('wrote docs/groove.svg\n');
