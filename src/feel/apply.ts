// Feel on output: groove (the template's offsets and accents, scaled by an amount), swing of straight
// offbeats, and humanize (random microtiming and velocity), then the shared safety pass. Random draws
// come from the project's one PRNG, seeded per note from the rng seed and the note's grid place, so
// a note gets the same nudge whatever order notes are handled in (bars arrive one by one live).
import { seededRng } from '../sampling/rng.ts';
import { makeSafe, type TimedNote } from './safety.ts';
import { resolve, swingMove, type GrooveTemplate } from './template.ts';

/** No note moves further than this, beats (a 16th; a 3:1 swing needs all of it). */
export const MAX_SHIFT_BEATS = 0.25;

export interface FeelParams {
  template: GrooveTemplate | null; // null: no groove
  amount: number; // groove amount 0..1
  swing: number; // 50 = straight .. 75 = 3:1, the MPC's percentage: where the offbeat falls in its pair
  swingGrid: 8 | 16; // which offbeats swing
  humanizeTiming: number; // 0..50: most a note moves at random, % of a 16th
  humanizeVelocity: number; // 0..40: most a velocity moves at random
  rngSeed: number;
}

export const NO_FEEL: FeelParams = { template: null, amount: 0, swing: 50, swingGrid: 8, humanizeTiming: 0, humanizeVelocity: 0, rngSeed: 1 };

export function isNoFeel(p: FeelParams): boolean {
  return (p.template === null || p.amount === 0) && p.swing === 50 && p.humanizeTiming === 0 && p.humanizeVelocity === 0;
}

/** Notes on the grid (beats from the loop start) -> the same notes with feel, safe for the loop. */
export function applyFeel(notes: TimedNote[], p: FeelParams, loopBeats: number, minBeats: number): TimedNote[] {
  if (isNoFeel(p)) return makeSafe(notes, notes, { loopBeats, minBeats });
  const grid = p.template?.grid ?? 12;
  const resolved = p.template ? resolve(p.template) : null;
  const s = p.swing / 100;
  const moved = notes.map((n) => {
    const beat = Math.floor(n.start + 1e-9);
    const phase = n.start - beat;
    const slot = ((Math.round(phase * grid) % grid) + grid) % grid;
    let dt = 0;
    let velocity = n.velocity;
    if (resolved) {
      dt += p.amount * resolved.offset[slot];
      velocity *= 1 + p.amount * (resolved.accent[slot] - 1);
    }
    if (p.swing !== 50) dt += swingMove(phase, p.swingGrid === 8 ? s : null, p.swingGrid === 16 ? s : null) ?? 0;
    if (p.humanizeTiming > 0 || p.humanizeVelocity > 0) {
      const rng = seededRng(noteKey(p.rngSeed, n));
      const tri = () => rng.next() + rng.next() - 1; // -1..1, most often near 0
      dt += (tri() * p.humanizeTiming * 0.25) / 100;
      velocity += tri() * p.humanizeVelocity;
    }
    dt = Math.max(-MAX_SHIFT_BEATS, Math.min(MAX_SHIFT_BEATS, dt));
    return { pitch: n.pitch, velocity, start: n.start + dt, end: n.end + dt };
  });
  return makeSafe(notes, moved, { loopBeats, minBeats });
}

function noteKey(seed: number, n: TimedNote): number {
  return (seed ^ Math.imul(Math.round(n.start * 96) + 1, 0x9e3779b1) ^ Math.imul(n.pitch + 1, 0x85ebca77)) >>> 0;
}
