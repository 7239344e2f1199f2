// Groove extraction: from a performance's exact note times (in beats from a bar line) to a template.
// Each note is assigned to the grid position the tokenizer would quantize it to; the template keeps,
// per position within the beat, the mean offset from it, the spread and the accent. Swing is measured
// on the 8th and 16th offbeats, leaving out beats played as triplets (notes at both 1/3 and 2/3).
import { MIN_SAMPLES, type GrooveTemplate, type Slot } from './template.ts';

export interface PlayedNote {
  start: number; // beats (quarter notes) from a bar line, unquantized
  velocity: number;
}

const EIGHTH_ZONE = [0.45, 0.7]; // quantized phases that count as the 8th offbeat (1/2 .. 2/3)
const SIXTEENTH_ZONE = [0.2, 0.35]; // ... and as the first 16th offbeat (1/4 .. 1/3)

export function extractGroove(notes: PlayedNote[], grid = 12): GrooveTemplate {
  const placed = notes.map((n) => {
    const g = Math.round(n.start * grid);
    const beat = Math.floor(g / grid);
    const slot = g - beat * grid;
    const off = n.start - g / grid;
    // A sequenced note read from file ticks lands a float rounding away from its grid position.
    const offset = Math.abs(off) < 1e-9 ? 0 : off;
    return { slot, beat, offset, phase: slot / grid + offset, q: slot / grid, velocity: n.velocity };
  });
  const meanVelocity = placed.reduce((s, n) => s + n.velocity, 0) / Math.max(1, placed.length);
  const slots: Slot[] = Array.from({ length: grid }, (_, k) => {
    const here = placed.filter((n) => n.slot === k);
    if (!here.length) return { count: 0, offset: 0, spread: 0, accent: 1 };
    const offset = mean(here.map((n) => n.offset));
    const spread = Math.sqrt(mean(here.map((n) => (n.offset - offset) ** 2)));
    const accent = meanVelocity > 0 ? mean(here.map((n) => n.velocity)) / meanVelocity : 1;
    return { count: here.length, offset: clamp(offset, 0.5), spread: Math.min(0.5, spread), accent: Math.min(4, accent) };
  });
  const triplet = tripletBeats(placed, grid);
  const straight = placed.filter((n) => !triplet.has(n.beat));
  const inZone = (z: number[]) => straight.filter((n) => n.q >= z[0] - 1e-9 && n.q <= z[1] + 1e-9);
  const eighths = inZone(EIGHTH_ZONE);
  const p8 = eighths.length >= MIN_SAMPLES ? mean(eighths.map((n) => n.phase)) : 0.5;
  const sixteenths = inZone(SIXTEENTH_ZONE);
  const p16 = sixteenths.length >= MIN_SAMPLES ? mean(sixteenths.map((n) => n.phase / p8)) : 0.5;
  return {
    grid,
    slots,
    swing8: { ratio: ratioOf(p8), count: eighths.length },
    swing16: { ratio: ratioOf(p16), count: sixteenths.length },
  };
}

/** Beats with notes quantized to both 1/3 and 2/3: triplets, not swing. */
function tripletBeats(placed: { beat: number; slot: number }[], grid: number): Set<number> {
  const out = new Set<number>();
  if (grid % 3 !== 0) return out;
  const byBeat = new Map<number, Set<number>>();
  for (const n of placed) byBeat.set(n.beat, (byBeat.get(n.beat) ?? new Set()).add(n.slot));
  for (const [beat, s] of byBeat) if (s.has(grid / 3) && s.has((2 * grid) / 3)) out.add(beat);
  return out;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const clamp = (x: number, m: number) => Math.max(-m, Math.min(m, x));
/** long : short from where the offbeat falls in its pair, kept within the schema's 0.25 .. 4. */
const ratioOf = (p: number) => Math.max(0.25, Math.min(4, p / Math.max(1e-6, 1 - p)));
