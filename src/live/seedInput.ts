// The seed side of the bridge: the current SeedCapture (armed, capturing, done) and the seed it
// captured. A new capture starts on re-arm, on a stop mid-seed (half a seed is no seed), and when
// the seed length changes before the first note.
import type { Meter } from '../clock/meter.ts';
import { SeedCapture, type CapturedSeed } from './capture.ts';

export class SeedInput {
  private capture: SeedCapture;
  private captured: CapturedSeed | null = null;

  /** `options`: read at each new capture, so a changed seed length applies to the next seed. */
  constructor(private options: () => { seedBars: number; gridPerBeat: number; meter: Meter }) {
    this.capture = new SeedCapture(options());
  }

  get seed(): CapturedSeed | null {
    return this.captured;
  }
  get capturing(): boolean {
    return this.capture.state === 'capturing';
  }
  /** What the snapshot shows of the capture. */
  get view(): Pick<SeedCapture, 'state' | 'progress'> {
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

  /** A CC that no knob took: the sustain pedal can end the seed at the next bar line. */
  cc(controller: number, value: number): boolean {
    this.capture.cc(controller, value);
    return this.capturing;
  }

  /** Clock tick `tick`: the seed, the moment it is complete. */
  tick(tick: number): CapturedSeed | null {
    const seed = this.capture.tick(tick);
    if (seed) this.captured = seed;
    return seed;
  }

  transportStopped(): void {
    if (this.capturing) this.capture = new SeedCapture(this.options());
  }

  seedBarsChanged(): void {
    if (this.capture.state === 'armed') this.capture = new SeedCapture(this.options());
  }

  rearm(): void {
    this.captured = null;
    this.capture = new SeedCapture(this.options());
  }
}
