// Seed capture. Armed until the first note; the seed starts on that note's bar line (or, for a pickup
// just before a bar line, on that bar line) and by default is exactly `seedBars` bars, so a rest bar
// inside a riff does not cut it. Ending on a pedal press or before a silent bar are options. Notes are
// quantized to the tokenizer's grid relative to the seed start; notes still held at the end are clipped.
// Bars follow the meter; the seed Score carries it, so the tokenizer writes the matching TimeSig.
import type { Note, Score } from '../types.ts';
import { FOUR_FOUR, TICKS_PER_BEAT, ticksPerBar, ticksPerMeterBeat, type Meter } from '../clock/meter.ts';
import { Variant } from '../loop/variant.ts';

export type SeedEnd = 'bars' | 'pedal' | 'silence';

export interface CaptureOptions {
  seedBars: number; // the seed's length; with 'pedal' or 'silence', its most
  gridPerBeat: number; // grid positions per quarter note (12 for the shipped REMI config)
  meter?: Meter; // 4/4 when absent
  end?: SeedEnd; // 'bars' (default): exactly seedBars; 'pedal': the bar line after a sustain press; 'silence': before a silent bar
  countIn?: boolean; // the seed starts on the first bar line after arming; earlier notes are ignored
  pickupBeats?: number; // a first note this close (meter beats) before a bar line is a pickup: default 1
}

interface HeldNote {
  pitch: number;
  velocity: number;
  pos: number; // fractional clock tick as played
  start: number; // grid units from the song start
  end: number | null;
}

/** One played note as it was felt: `tick` is the unquantized clock tick (fractional, from the song
 * start), `gridTick` its quantized start in the score's grid units; timing[i] is score note i. */
export interface NoteTiming {
  pitch: number;
  velocity: number;
  tick: number;
  gridTick: number;
}

export interface CapturedSeed {
  startTick: number; // absolute clock tick of the seed's first bar line
  endTick: number; // absolute clock tick where it ended (a bar line)
  bars: number;
  score: Score; // ticksPerQuarter = gridPerBeat, time 0 = seed start
  timing: NoteTiming[];
}

const SUSTAIN = 64;

export class SeedCapture {
  state: 'armed' | 'countIn' | 'capturing' | 'done' = 'armed';
  startTick = 0;
  private notes: HeldNote[] = [];
  private held = new Map<number, HeldNote>();
  /** Released while the pedal was down: they ring until it comes up (MidiTok/symusic pedal segments). */
  private sustained = new Map<number, HeldNote>();
  private pedalDown = false;
  private lastSound = -Infinity; // clock tick of the last note-on/off
  private endRequested = false;
  result: CapturedSeed | null = null;

  constructor(private opts: CaptureOptions) {}

  private get meter(): Meter {
    return this.opts.meter ?? FOUR_FOUR;
  }

  private get ticksPerBar(): number {
    return ticksPerBar(this.meter);
  }

  private get step(): number {
    return TICKS_PER_BEAT / this.opts.gridPerBeat; // clock ticks per grid position
  }

  /** `pos`: fractional clock tick of the event (from the last tick and the tempo estimate). */
  noteOn(pitch: number, velocity: number, pos: number): void {
    if (this.state === 'done') return;
    const g = Math.round(pos / this.step);
    if (this.state === 'countIn') {
      if (g * this.step < this.startTick) return; // counted-in bars are for listening
      this.state = 'capturing'; // a downbeat played a hair early
    }
    if (this.state === 'armed') {
      if (this.opts.countIn) return; // waits for its first tick to place the bar line
      this.state = 'capturing';
      const bar = Math.floor((g * this.step) / this.ticksPerBar) * this.ticksPerBar;
      const pickup = (this.opts.pickupBeats ?? 1) * ticksPerMeterBeat(this.meter);
      // An upbeat: the phrase's first full bar is the next one, and the seed starts there.
      this.startTick = g * this.step > bar && g * this.step >= bar + this.ticksPerBar - pickup ? bar + this.ticksPerBar : bar;
    }
    this.end(this.held.get(pitch), g); // a repeated key without its off: the old note ends here
    this.end(this.sustained.get(pitch), g); // struck again under the pedal: the ringing one stops
    this.sustained.delete(pitch);
    const note: HeldNote = { pitch, velocity, pos, start: g, end: null };
    this.notes.push(note);
    this.held.set(pitch, note);
    this.lastSound = Math.max(this.lastSound, pos);
  }

  noteOff(pitch: number, pos: number): void {
    if (this.state !== 'capturing') return;
    const note = this.held.get(pitch);
    if (!note) return;
    this.held.delete(pitch);
    if (this.pedalDown) this.sustained.set(pitch, note);
    else note.end = Math.round(pos / this.step);
    this.lastSound = Math.max(this.lastSound, pos);
  }

  /** Control changes: the sustain pedal lengthens released notes to its release. Its segments are read
   * as symusic 0.6 reads CC64 for MidiTok (down at >= 64, up below: values 127, 70, 63, 64, 0 give two
   * pedals, checked); MidiTok 3.1 then merges overlapping segments and keeps them as Pedal tokens
   * (midi_tokenizer.py, MusicTokenizer._preprocess_pedals). The shipped tokenizer has no pedal tokens,
   * so the pedal is folded into the durations the model does read. */
  cc(controller: number, value: number, pos: number): void {
    if (controller !== SUSTAIN) return;
    const down = value >= 64;
    if (down && this.state === 'capturing' && this.opts.end === 'pedal') this.endRequested = true;
    if (!down && this.pedalDown) {
      const g = Math.round(pos / this.step);
      for (const note of this.sustained.values()) this.end(note, g);
      this.sustained.clear();
      if (this.state === 'capturing') this.lastSound = Math.max(this.lastSound, pos);
    }
    this.pedalDown = down;
  }

  /** Call on every clock tick; returns the seed when it ends on this tick. */
  tick(tick: number): CapturedSeed | null {
    if (this.opts.countIn && this.state === 'armed') {
      this.state = 'countIn';
      this.startTick = (Math.floor(tick / this.ticksPerBar) + 1) * this.ticksPerBar;
    }
    if (this.state === 'countIn' && tick >= this.startTick) this.state = 'capturing';
    if (this.state !== 'capturing' || tick % this.ticksPerBar !== 0 || tick <= this.startTick) return null;
    const bars = (tick - this.startTick) / this.ticksPerBar;
    if (bars >= this.opts.seedBars || this.endRequested) return this.finish(tick);
    const silent = this.held.size === 0 && this.sustained.size === 0 && this.lastSound < tick - this.ticksPerBar;
    if (this.opts.end === 'silence' && silent && bars >= 2) return this.finish(tick - this.ticksPerBar);
    return null;
  }

  /** Beats left in the count-in (for the TUI), or null when there is none running. */
  countInBeats(tick: number): number | null {
    if (this.state !== 'countIn') return null;
    return Math.ceil((this.startTick - tick) / ticksPerMeterBeat(this.meter));
  }

  /** The capture's progress for display: bar k (1-based) of n. */
  progress(tick: number): { bar: number; of: number } {
    return { bar: Math.max(1, Math.floor((tick - this.startTick) / this.ticksPerBar) + 1), of: this.opts.seedBars };
  }

  private end(note: HeldNote | undefined, g: number): void {
    if (note && note.end === null) note.end = g;
  }

  private finish(endTick: number): CapturedSeed {
    const startG = this.startTick / this.step;
    const endG = endTick / this.step;
    const kept: { note: Note; played: HeldNote }[] = [];
    for (const n of this.notes) {
      if (n.start >= endG || n.start < startG) continue; // a pickup before the first bar line is not kept
      const end = Math.min(n.end ?? endG, endG); // held (or sustained) past the end: clipped
      kept.push({ played: n, note: { pitch: n.pitch, velocity: n.velocity, start: n.start - startG, duration: Math.max(1, end - n.start) } });
    }
    kept.sort((a, b) => a.note.start - b.note.start || a.note.pitch - b.note.pitch);
    const bars = (endTick - this.startTick) / this.ticksPerBar;
    this.state = 'done';
    this.result = {
      startTick: this.startTick,
      endTick,
      bars,
      score: {
        ticksPerQuarter: this.opts.gridPerBeat,
        tempos: [],
        timeSignatures: [{ tick: 0, numerator: this.meter.beatsPerBar, denominator: this.meter.beatUnit }],
        tracks: [{ program: 0, isDrum: false, notes: kept.map((k) => k.note) }],
      },
      timing: kept.map(({ note, played }) => ({ pitch: note.pitch, velocity: note.velocity, tick: played.pos, gridTick: note.start })),
    };
    return this.result;
  }
}

/** The seed as a loop in clock ticks, for the player's fill (the loop's first bars while it is made). */
export function seedAsVariant(seed: CapturedSeed, ticksPerBar: number): Variant {
  const v = new Variant(0, seed.bars, ticksPerBar);
  const scale = TICKS_PER_BEAT / seed.score.ticksPerQuarter; // grid units -> clock ticks
  const notes = seed.score.tracks[0].notes.map((n) => ({ pitch: n.pitch, velocity: n.velocity, start: n.start * scale, duration: n.duration * scale }));
  for (let bar = 0; bar < seed.bars; bar++) {
    const from = bar * ticksPerBar;
    v.setBar(bar, notes.filter((n) => n.start >= from && n.start < from + ticksPerBar).map((n) => ({ ...n, start: n.start - from })));
  }
  return v;
}
