// How long the tokenizer takes to encode a 5-minute multi-track MIDI file (seedloop bench prints it).
import type { Note, Score } from '../types.ts';
import { writeMidi } from '../midi/file.ts';
import { loadTokenizer } from './index.ts';

/** 5 minutes at 120 bpm (150 bars of 4/4): piano chords, bass, a 16th-note lead, drums. */
export function fiveMinuteScore(): Score {
  const tpq = 480;
  const bars = 150;
  const piano: Note[] = [];
  const bass: Note[] = [];
  const lead: Note[] = [];
  const drums: Note[] = [];
  const roots = [48, 53, 55, 50];
  for (let bar = 0; bar < bars; bar++) {
    const root = roots[bar % 4];
    for (let beat = 0; beat < 4; beat++) {
      const t = (bar * 4 + beat) * tpq;
      for (const iv of [12, 16, 19]) piano.push({ pitch: root + iv, velocity: 60 + beat * 5, start: t, duration: tpq - 20 });
      bass.push({ pitch: root - 12, velocity: 90, start: t, duration: tpq / 2 }, { pitch: root - 5, velocity: 80, start: t + tpq / 2, duration: tpq / 2 });
      for (let s = 0; s < 4; s++) {
        lead.push({ pitch: root + 24 + ((bar + beat + s * 3) % 12), velocity: 70 + s * 10, start: t + (s * tpq) / 4 + (s % 2) * 7, duration: tpq / 4 - 10 });
        drums.push({ pitch: s % 2 ? 42 : beat % 2 ? 38 : 36, velocity: 100, start: t + (s * tpq) / 4, duration: 60 });
      }
    }
  }
  return {
    ticksPerQuarter: tpq,
    tempos: [{ tick: 0, bpm: 120 }],
    timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
    tracks: [
      { program: 0, isDrum: false, notes: piano },
      { program: 33, isDrum: false, notes: bass },
      { program: 80, isDrum: false, notes: lead },
      { program: 0, isDrum: true, notes: drums },
    ],
  };
}

/** Best-of-10 time (after warm-up) to parse and encode the 5-minute file's bytes with a model's tokenizer.json. */
export async function benchTokenizer(tokenizerPath: string): Promise<{ ms: number; tokens: number; notes: number }> {
  const tok = await loadTokenizer(tokenizerPath);
  const score = fiveMinuteScore();
  const bytes = writeMidi(score);
  let tokens = 0;
  for (let i = 0; i < 3; i++) tokens = tok.encodeMidi(bytes).reduce((n, s) => n + s.length, 0); // JIT warm-up
  let best = Infinity;
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    tokens = tok.encodeMidi(bytes).reduce((n, s) => n + s.length, 0);
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, tokens, notes: score.tracks.reduce((n, t) => n + t.notes.length, 0) };
}
