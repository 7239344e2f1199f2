// Feel for `generate`: the groove comes from the seed file's exact ticks (read before the tokenizer
// quantizes them) or a saved template, and is applied to the loop track as it is written.
import { UserError } from '../errors.ts';
import type { Score } from '../types.ts';
import { applyFeel, type FeelParams } from './apply.ts';
import { extractGroove, type PlayedNote } from './extract.ts';
import type { FeelSettings } from './settings.ts';
import { loadGroove } from './store.ts';
import type { GrooveTemplate } from './template.ts';

/** Written loops get this resolution, fine enough for a 1 ms nudge up to 125 bpm. */
export const FEEL_TPQ = 480;

/** Every pitched note of a file, in beats from its start (a bar line). */
export function playedNotes(score: Score): PlayedNote[] {
  return score.tracks
    .filter((t) => !t.isDrum)
    .flatMap((t) => t.notes.map((n) => ({ start: n.start / score.ticksPerQuarter, velocity: n.velocity })));
}

/** A saved template named by `--groove`, loaded (and checked) before any work; null for seed/off. */
export async function namedGroove(groove: string): Promise<GrooveTemplate | null> {
  if (groove === 'off' || groove === 'seed') return null;
  try {
    return await loadGroove(groove);
  } catch (e) {
    // The store names the file; the command line has to name the flag too.
    if (!(e instanceof UserError) || e.message.startsWith('--groove')) throw e;
    throw new UserError(e.message.startsWith(groove) ? `--groove ${e.message}` : `--groove ${groove}: ${e.message}`);
  }
}

/** The template to play: the seed's own (from its exact ticks), the named one, or none. */
export function grooveFor(groove: string, named: GrooveTemplate | null, seed: Score, grid: number): GrooveTemplate | null {
  if (groove === 'seed') return extractGroove(playedNotes(seed), grid);
  return named;
}

export function feelParams(s: FeelSettings, template: GrooveTemplate | null, rngSeed: number): FeelParams {
  return {
    template,
    amount: s.grooveAmount / 100,
    swing: s.swing,
    swingGrid: s.swingGrid === 16 ? 16 : 8,
    humanizeTiming: s.humanizeTiming,
    humanizeVelocity: s.humanizeVelocity,
    rngSeed,
  };
}

/**
 * The score at FEEL_TPQ with feel applied to its last track (the loop), which runs from `loopStart`
 * to `loopEnd` ticks. Other tracks (the seed, with --with-seed) are only rescaled.
 */
export function applyFeelToLoop(score: Score, loopStart: number, loopEnd: number, p: FeelParams): { score: Score; loopEnd: number } {
  const f = FEEL_TPQ / score.ticksPerQuarter;
  const tpq = score.ticksPerQuarter;
  const loop = score.tracks.at(-1)!;
  const grid = loop.notes.map((n) => ({ pitch: n.pitch, velocity: n.velocity, start: (n.start - loopStart) / tpq, end: (n.start + n.duration - loopStart) / tpq }));
  const felt = applyFeel(grid, p, (loopEnd - loopStart) / tpq, 2 / FEEL_TPQ);
  const tick = (beats: number) => Math.round((beats * tpq + loopStart) * f);
  const notes = felt.map((n) => ({ pitch: n.pitch, velocity: n.velocity, start: tick(n.start), duration: tick(n.end) - tick(n.start) }));
  const span = <T extends { start: number; duration: number }>(n: T) => ({ ...n, start: Math.round(n.start * f), duration: Math.round(n.duration * f) });
  const rescale = <T extends { tick: number }>(e: T) => ({ ...e, tick: Math.round(e.tick * f) });
  return {
    score: {
      ticksPerQuarter: FEEL_TPQ,
      tempos: score.tempos.map(rescale),
      timeSignatures: score.timeSignatures.map(rescale),
      tracks: score.tracks.map((t) =>
        t === loop ? { ...t, notes } : { ...t, notes: t.notes.map(span), ...(t.pedals ? { pedals: t.pedals.map(span) } : {}) },
      ),
    },
    loopEnd: Math.round(loopEnd * f),
  };
}
