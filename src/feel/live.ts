// Feel for the live loop: the same applyFeel as `generate`, on a variant's events in 24-PPQN clock
// ticks. The result has fractional ticks; the player hands each note out on the clock tick before its
// time and the output places it between ticks from the tempo estimate. So a note moved early is read
// from the tick before it, and the output never predicts further than one tick (1/24 beat, 21 ms at
// 120 bpm) past the last clock tick it heard, plus the latency lead it already had. The shift itself is
// clamped to MAX_SHIFT_BEATS (a 16th) and never reaches before the loop start or past its end.
import { TICKS_PER_BEAT } from '../clock/meter.ts';
import type { LoopOn } from '../loop/variant.ts';
import { applyFeel, isNoFeel, type FeelParams } from './apply.ts';
import type { TimedNote } from './safety.ts';

/** Shortest note and least same-pitch gap live: a quarter of a clock tick. */
const MIN_TICKS = 0.25;

export function liveFeel(p: FeelParams): ((events: LoopOn[], length: number) => LoopOn[]) | null {
  if (isNoFeel(p)) return null;
  return (events, length) => {
    const notes: TimedNote[] = events.map((e) => ({ pitch: e.pitch, velocity: e.velocity, start: e.tick / TICKS_PER_BEAT, end: e.end / TICKS_PER_BEAT }));
    return applyFeel(notes, p, length / TICKS_PER_BEAT, MIN_TICKS / TICKS_PER_BEAT).map((n) => ({
      tick: snap(n.start * TICKS_PER_BEAT),
      end: snap(n.end * TICKS_PER_BEAT),
      pitch: n.pitch,
      velocity: n.velocity,
    }));
  };
}

/** A note that did not move stays exactly on its tick (beats -> ticks can leave a float's rounding). */
function snap(t: number): number {
  const r = Math.round(t);
  return Math.abs(t - r) < 1e-9 ? r : t;
}

