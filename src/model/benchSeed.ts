// The fixed 4-bar seed every speed number uses (bench, doctor, the worker's warm-up): one place, so they compare.
import type { Tokenizer } from '../tokenizer/index.ts';
import type { Score } from '../types.ts';

/** A fixed 4-bar 4/4 seed of realistic density: a bass note per beat, an eighth-note arpeggio on top. */
export function benchSeedScore(): Score {
  const tpq = 480;
  const notes = [];
  const chords = [[48, 60, 64, 67], [45, 57, 60, 64], [41, 57, 60, 65], [43, 55, 59, 62]];
  for (let bar = 0; bar < 4; bar++) {
    const [bass, ...tones] = chords[bar];
    for (let beat = 0; beat < 4; beat++) {
      const t = (bar * 4 + beat) * tpq;
      notes.push({ pitch: bass, velocity: 80, start: t, duration: tpq });
      notes.push({ pitch: tones[beat % 3] + 12, velocity: 96, start: t, duration: tpq / 2 });
      notes.push({ pitch: tones[(beat + 1) % 3] + 12, velocity: 72, start: t + tpq / 2, duration: tpq / 2 });
    }
  }
  return {
    ticksPerQuarter: tpq,
    tempos: [{ tick: 0, bpm: 120 }],
    timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }],
    tracks: [{ program: 0, isDrum: false, notes }],
  };
}

export function benchSeedIds(tok: Tokenizer): number[] {
  return [tok.specialId('BOS')!, ...tok.encodeScore(benchSeedScore())[0]];
}
