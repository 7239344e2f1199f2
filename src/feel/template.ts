// A groove template: how a player placed and weighted notes at each grid position within the beat.
// Offsets are in beats (quarter notes) from the grid position the tokenizer would quantize a note to,
// so they are exactly what quantizing throws away; the model keeps the positions themselves (a 2:1
// shuffle sits on the 12-per-beat grid at 2/3), and the groove puts the rest back.
import { z } from 'zod';

/** Fewer samples than this at a position and it borrows from its neighbours, or plays straight. */
export const MIN_SAMPLES = 2;

export const slotSchema = z
  .object({
    count: z.number().int().min(0), // seed notes measured here
    offset: z.number().min(-0.5).max(0.5), // mean timing offset, beats (+ = late)
    spread: z.number().min(0).max(0.5), // standard deviation of the offsets, beats
    accent: z.number().min(0).max(4), // mean velocity / the seed's mean velocity
  })
  .strict();

export const swingSchema = z
  .object({
    ratio: z.number().min(0.25).max(4), // long : short (1 = straight, 2 = triplet shuffle)
    count: z.number().int().min(0), // offbeats it was measured on
  })
  .strict();

export const templateSchema = z
  .object({
    name: z.string().optional(),
    grid: z.number().int().min(1).max(48), // positions per beat
    slots: z.array(slotSchema),
    swing8: swingSchema,
    swing16: swingSchema,
  })
  .strict()
  .refine((t) => t.slots.length === t.grid, 'slots must have one entry per grid position');

export type Slot = z.infer<typeof slotSchema>;
export type GrooveTemplate = z.infer<typeof templateSchema>;

export const STRAIGHT_SWING = { ratio: 1, count: 0 };

/** A template that moves nothing: what a sequenced seed gives, and what `--groove off` uses. */
export function straightTemplate(grid = 12): GrooveTemplate {
  const slots = Array.from({ length: grid }, () => ({ count: 0, offset: 0, spread: 0, accent: 1 }));
  return { grid, slots, swing8: { ...STRAIGHT_SWING }, swing16: { ...STRAIGHT_SWING } };
}

/** Where a ratio r puts the offbeat, as a fraction of the pair (2:1 -> 2/3). */
export const swingPhase = (ratio: number) => ratio / (1 + ratio);

/** One slot's offset/accent with the fallbacks applied: measured -> swing estimate (straight 8th and
 * 16th offbeats) -> measured neighbours -> straight. */
export interface Resolved {
  offset: number[]; // beats, per slot
  accent: number[];
}

export function resolve(t: GrooveTemplate): Resolved {
  const g = t.grid;
  const measured = (k: number) => t.slots[(k + g) % g].count >= MIN_SAMPLES;
  const offset: number[] = [];
  const accent: number[] = [];
  for (let k = 0; k < g; k++) {
    if (measured(k)) {
      offset.push(t.slots[k].offset);
      accent.push(t.slots[k].accent);
      continue;
    }
    const neighbours = [k - 1, k + 1].filter(measured).map((j) => t.slots[(j + g) % g]);
    const mean = (f: (s: Slot) => number, empty: number) =>
      neighbours.length ? neighbours.reduce((sum, s) => sum + f(s), 0) / neighbours.length : empty;
    const swing = swingOffset(k / g, t);
    if (swing !== null) {
      // A straight offbeat plays where the player's swung ones did, with their accent.
      const landed = Math.round((k / g + swing) * g);
      offset.push(swing);
      accent.push(measured(landed) ? t.slots[(landed + g) % g].accent : mean((s) => s.accent, 1));
      continue;
    }
    offset.push(mean((s) => s.offset, 0));
    accent.push(mean((s) => s.accent, 1));
  }
  return { offset, accent };
}

/** For a straight 8th offbeat (1/2) or 16th offbeat (1/4, 3/4): the move to the measured swing, beats. */
export function swingOffset(phase: number, t: Pick<GrooveTemplate, 'swing8' | 'swing16'>): number | null {
  const s8 = t.swing8.count >= MIN_SAMPLES ? swingPhase(t.swing8.ratio) : null;
  const s16 = t.swing16.count >= MIN_SAMPLES ? swingPhase(t.swing16.ratio) : null;
  return swingMove(phase, s8, s16);
}

/** Swing as moves of straight offbeats: `s8`/`s16` are where the offbeat falls within its pair (0.5 = straight). */
export function swingMove(phase: number, s8: number | null, s16: number | null): number | null {
  const eps = 1e-9;
  if (Math.abs(phase - 0.5) < eps) return s8 === null ? null : s8 - 0.5;
  if (Math.abs(phase - 0.25) < eps || Math.abs(phase - 0.75) < eps) {
    if (s16 === null) return null;
    const pairStart = phase < 0.5 ? 0 : (s8 ?? 0.5); // the 8th the 16th belongs to, itself maybe swung
    const pairEnd = phase < 0.5 ? (s8 ?? 0.5) : 1;
    return pairStart + s16 * (pairEnd - pairStart) - phase;
  }
  return null;
}

/** "swing 8ths 1.80:1, 16ths 1.00:1 | ms @120: 0 +3 ... | acc 1.2 .8 ..." for the TUI and `groove`. */
export function describe(t: GrooveTemplate, bpm = 120): string {
  const msPerBeat = 60_000 / bpm;
  const main = mainSlots(t.grid);
  const fmt = (x: number) => (x >= 0 ? `+${x.toFixed(0)}` : x.toFixed(0));
  const r = resolve(t);
  const offsets = main.map(({ k, label }) => `${label}${fmt(r.offset[k] * msPerBeat)}`).join(' ');
  const ratio = (s: { ratio: number; count: number }) => (s.count >= MIN_SAMPLES ? `${s.ratio.toFixed(2)}:1` : 'straight');
  return `swing 8ths ${ratio(t.swing8)}, 16ths ${ratio(t.swing16)} | ms@${Math.round(bpm)}bpm ${offsets}`;
}

/** The TUI's short form: "swing 1.73 16ths 1.00 · ms 1+0 e+0 t+0 &+86 l-14 a-14" ('-' where unmeasured). */
export function compact(t: GrooveTemplate, bpm = 120): string {
  const msPerBeat = 60_000 / bpm;
  const r = resolve(t);
  const fmt = (x: number) => (Math.round(x) >= 0 ? `+${Math.round(x)}` : `${Math.round(x)}`);
  const ratio = (s: { ratio: number; count: number }) => (s.count >= MIN_SAMPLES ? s.ratio.toFixed(2) : '-');
  const offsets = mainSlots(t.grid).map(({ k, label }) => `${label}${fmt(r.offset[k] * msPerBeat)}`).join(' ');
  return `swing ${ratio(t.swing8)} 16ths ${ratio(t.swing16)} · ms ${offsets}`;
}

/** The 16th and 8th-triplet positions of a grid, labelled as counted ("1 e & a", "trip" 1/3, 2/3). */
export function mainSlots(grid: number): { k: number; label: string }[] {
  const named: [number, string][] = [[0, '1'], [1 / 4, 'e'], [1 / 3, 't'], [1 / 2, '&'], [2 / 3, 'l'], [3 / 4, 'a']];
  return named
    .map(([phase, label]) => ({ k: phase * grid, label }))
    .filter(({ k }) => Math.abs(k - Math.round(k)) < 1e-9)
    .map(({ k, label }) => ({ k: Math.round(k), label }));
}
