// The seed side of the bridge: the current SeedCapture (armed, counting in, capturing, done) and the
// seed it captured. A new capture starts on re-arm, on a stop, a relocation or a clock-source switch
// mid-seed (half a seed is no seed: it belongs to one run of one clock), and when the seed length
// changes before the first note.
import type { Meter } from '../clock/meter.ts';
import { SeedCapture, type CapturedSeed, type SeedEnd } from './capture.ts';

export class SeedInput {
  private capture: SeedCapture;
  private captured: CapturedSeed | null = null;

  /** `options`: read at each new capture, so a changed seed length applies to the next seed. */
  constructor(private options: () => { seedBars: number; gridPerBeat: number; meter: Meter; end?: SeedEnd; countIn?: boolean }) {
    this.capture = new SeedCapture(options());
  }

  get seed(): CapturedSeed | null {
    return this.captured;
  }
  get capturing(): boolean {
    return this.capture.state === 'capturing';
  }
  /** What the snapshot shows of the capture. */
  get view(): Pick<SeedCapture, 'state' | 'progress' | 'countInBeats'> {
    return this.capture;
  }

  /** A note at fractional clock tick `position`; true while a seed is being captured (worth a redraw). */
  noteOn(note: number, velocity: number, position: number): boolean {
    this.capture.noteOn(note, velocity, position);
    return this.capturing;
  }

  noteOff(note: number, position: number): boolean {
    this.capture.noteOff(note, position);
    return this.capturing;
  }

  /** A CC that no knob took: the sustain pedal lengthens held notes (or, with end 'pedal', ends the seed). */
  cc(controller: number, value: number, position: number): boolean {
    this.capture.cc(controller, value, position);
    return this.capturing;
  }

  /** Clock tick `tick`: the seed, the moment it is complete. */
  tick(tick: number): CapturedSeed | null {
    const seed = this.capture.tick(tick);
    if (seed) this.captured = seed;
    return seed;
  }

  /** The transport stopped, jumped or changed clock: a seed half captured (or counted in) starts over. */
  transportStopped(): void {
    if (this.capturing || this.capture.state === 'countIn') this.capture = new SeedCapture(this.options());
  }

  seedBarsChanged(): void {
    if (this.capture.state === 'armed') this.capture = new SeedCapture(this.options());
  }

  rearm(): void {
    this.captured = null;
    this.capture = new SeedCapture(this.options());
  }
}
