// Seed capture: armed until the first note; the seed starts on that note's bar and ends after
// `seedBars` bars, at the bar line after a pedal press, or before a silent bar. Notes are quantized
// to the tokenizer's grid relative to the seed start; notes still held at the end are clipped there.
// Bars follow the meter; the seed Score carries it, so the tokenizer writes the matching TimeSig.
import type { Note, Score } from '../types.ts';
import { FOUR_FOUR, TICKS_PER_BEAT, ticksPerBar, type Meter } from '../clock/meter.ts';

export interface CaptureOptions {
  seedBars: number;
  gridPerBeat: number; // grid positions per quarter note (12 for the shipped REMI config)
  meter?: Meter; // 4/4 when absent
  endController?: number; // CC whose press (>= 64) ends the seed at the next bar line; 64 = sustain pedal
}

interface HeldNote {
  pitch: number;
  velocity: number;
  start: number; // grid units from the song start
  end: number | null;
}

export interface CapturedSeed {
  startTick: number; // absolute clock tick of the seed's first bar line
  endTick: number; // absolute clock tick where it ended (a bar line)
  bars: number;
  score: Score; // ticksPerQuarter = gridPerBeat, time 0 = seed start
}

export class SeedCapture {
  state: 'armed' | 'capturing' | 'done' = 'armed';
  startTick = 0;
  private notes: HeldNote[] = [];
  private held = new Map<number, HeldNote>();
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
    if (this.state === 'armed') {
      this.state = 'capturing';
      this.startTick = Math.floor((g * this.step) / this.ticksPerBar) * this.ticksPerBar;
    }
    const open = this.held.get(pitch);
    if (open) open.end = g; // a repeated key without its off: the old note ends here
    const note: HeldNote = { pitch, velocity, start: g, end: null };
    this.notes.push(note);
    this.held.set(pitch, note);
    this.lastSound = Math.max(this.lastSound, pos);
  }

  noteOff(pitch: number, pos: number): void {
    if (this.state !== 'capturing') return;
    const note = this.held.get(pitch);
    if (!note) return;
    note.end = Math.round(pos / this.step);
    this.held.delete(pitch);
    this.lastSound = Math.max(this.lastSound, pos);
  }

  cc(controller: number, value: number): void {
    if (this.state === 'capturing' && controller === (this.opts.endController ?? 64) && value >= 64) {
      this.endRequested = true;
    }
  }

  /** Call on every clock tick; returns the seed when it ends on this tick. */
  tick(tick: number): CapturedSeed | null {
    if (this.state !== 'capturing' || tick % this.ticksPerBar !== 0 || tick <= this.startTick) return null;
    const bars = (tick - this.startTick) / this.ticksPerBar;
    const silentBar = this.held.size === 0 && this.lastSound < tick - this.ticksPerBar && bars >= 2;
    if (bars >= this.opts.seedBars || this.endRequested) return this.finish(tick);
    if (silentBar) return this.finish(tick - this.ticksPerBar);
    return null;
  }

  /** The capture's progress for display: bar k (1-based) of n. */
  progress(tick: number): { bar: number; of: number } {
    return { bar: Math.max(1, Math.floor((tick - this.startTick) / this.ticksPerBar) + 1), of: this.opts.seedBars };
  }

  private finish(endTick: number): CapturedSeed {
    const startG = this.startTick / this.step;
    const endG = endTick / this.step;
    const notes: Note[] = [];
    for (const n of this.notes) {
      if (n.start >= endG) continue;
      const end = Math.min(n.end ?? endG, endG); // held past the end: clipped
      notes.push({
        pitch: n.pitch,
        velocity: n.velocity,
        start: n.start - startG,
        duration: Math.max(1, end - n.start),
      });
    }
    notes.sort((a, b) => a.start - b.start || a.pitch - b.pitch);
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
        tracks: [{ program: 0, isDrum: false, notes }],
      },
    };
    return this.result;
  }
}
