// Helpers around the tokenizer's grid for live capture: merge tracks the way training does,
// and snap a captured Score onto the positions the vocabulary can express.
import type { Note, Score } from '../types.ts';

/** Drop drum tracks and merge all pitched tracks into one (program 0), notes sorted by (start, pitch). */
export function mergeToSingleTrack(score: Score): Score {
  const notes: Note[] = score.tracks.filter((t) => !t.isDrum).flatMap((t) => t.notes.map((n) => ({ ...n })));
  notes.sort((a, b) => a.start - b.start || a.pitch - b.pitch);
  return {
    ticksPerQuarter: score.ticksPerQuarter,
    tempos: score.tempos.map((t) => ({ ...t })),
    timeSignatures: score.timeSignatures.map((t) => ({ ...t })),
    tracks: notes.length ? [{ program: 0, isDrum: false, name: 'merged', notes }] : [],
  };
}

/** Ticks between two grid positions, for a score of `ticksPerQuarter`, with `positionsPerBeat` (quarter beats). */
export function gridTicks(ticksPerQuarter: number, positionsPerBeat: number): number {
  return ticksPerQuarter / positionsPerBeat;
}

/**
 * Resample a Score to `positionsPerBeat` ticks per quarter, rounding onsets and durations the way
 * symusic does (half away from zero, durations at least one tick): what the tokenizer will see.
 */
export function quantizeScore(score: Score, positionsPerBeat: number): Score {
  const f = positionsPerBeat / score.ticksPerQuarter;
  const tick = (x: number) => Math.round(x * f);
  return {
    ticksPerQuarter: positionsPerBeat,
    tempos: score.tempos.map((t) => ({ ...t, tick: tick(t.tick) })),
    timeSignatures: score.timeSignatures.map((t) => ({ ...t, tick: Math.trunc(t.tick * f) })),
    tracks: score.tracks.map((tr) => ({
      ...tr,
      notes: tr.notes.map((n) => ({ ...n, start: tick(n.start), duration: Math.max(1, tick(n.duration)) })),
      pedals: tr.pedals?.map((p) => ({ start: tick(p.start), duration: Math.max(1, tick(p.duration)) })),
    })),
  };
}
