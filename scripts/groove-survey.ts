// Survey: groove templates of every file in a folder (how far real files sit from the 12-per-beat grid).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractGroove } from '../src/feel/extract.ts';
import { playedNotes } from '../src/feel/offline.ts';
import { MIN_SAMPLES } from '../src/feel/template.ts';
import { readMidi } from '../src/midi/file.ts';
const dir = process.argv[2];
let files = 0, offGrid = 0, swung = 0, notesTotal = 0, offNotes = 0;
const ratios: number[] = [];
const maxMs: number[] = [];
for (const f of readdirSync(dir).filter((f) => f.endsWith('.mid'))) {
  let s; try { s = readMidi(readFileSync(join(dir, f))); } catch { continue; }
  const notes = playedNotes(s);
  if (!notes.length) continue;
  files++;
  const t = extractGroove(notes);
  const bpm = s.tempos[0]?.bpm ?? 120;
  notesTotal += notes.length;
  offNotes += notes.filter((n) => Math.abs(n.start * 12 - Math.round(n.start * 12)) > 1e-6).length;
  const m = Math.max(...t.slots.filter((x) => x.count >= MIN_SAMPLES).map((x) => Math.abs(x.offset) * 60000 / bpm));
  maxMs.push(m);
  if (m > 5) offGrid++;
  if (t.swing8.count >= MIN_SAMPLES) { ratios.push(t.swing8.ratio); if (Math.abs(t.swing8.ratio - 1) > 0.1) swung++; }
}
ratios.sort((a, b) => a - b); maxMs.sort((a, b) => a - b);
const q = (a: number[], p: number) => a[Math.floor(p * (a.length - 1))];
console.log(JSON.stringify({ dir, files, notesOffGrid: +(offNotes / notesTotal).toFixed(3), filesWithASlotOver5ms: offGrid, swing8: { n: ratios.length, p10: q(ratios, .1)?.toFixed(2), p50: q(ratios, .5)?.toFixed(2), p90: q(ratios, .9)?.toFixed(2), over1_1: swung }, maxSlotOffsetMs: { p50: q(maxMs, .5)?.toFixed(1), p90: q(maxMs, .9)?.toFixed(1) } }));
