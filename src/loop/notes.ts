// The one place notes leave seedloop. It remembers every sounding note, so every note-on gets
// exactly one note-off: on its own, on stop, on variant swap, on panic, on exit.
import type { MidiMessage } from '../midi/codec.ts';
import { PortLostError, type MidiOutPort } from '../midi/transport.ts';

export class NoteOutput {
  private sounding = new Map<number, { channel: number; pitch: number }>();
  notesOut = 0;
  lost: Error | null = null;

  constructor(
    private port: MidiOutPort,
    /** Called after every message is sent (the demo's recorder, stats). */
    private onSent: (m: MidiMessage) => void = () => {},
  ) {}

  get hanging(): number {
    return this.sounding.size;
  }

  noteOn(channel: number, pitch: number, velocity: number): void {
    const key = channel * 128 + pitch;
    if (this.sounding.has(key)) this.noteOff(channel, pitch); // retrigger: never stack two ons
    if (this.write({ type: 'noteOn', channel, note: pitch, velocity: Math.max(1, Math.min(127, velocity)) })) {
      this.sounding.set(key, { channel, pitch });
      this.notesOut++;
    }
  }

  /** Off for a note that is sounding; an off for a silent note is not sent (it would be noise). */
  noteOff(channel: number, pitch: number): void {
    const key = channel * 128 + pitch;
    if (!this.sounding.has(key)) return;
    this.sounding.delete(key);
    this.write({ type: 'noteOff', channel, note: pitch, velocity: 0 });
  }

  allOff(): void {
    for (const { channel, pitch } of [...this.sounding.values()]) this.noteOff(channel, pitch);
  }

  /** Offs for what we know, then All Notes Off (CC 123) on all 16 channels for what we don't. */
  panic(): void {
    this.allOff();
    for (let channel = 0; channel < 16; channel++) this.write({ type: 'cc', channel, controller: 123, value: 0 });
  }

  /** Raw non-note messages (clock out). */
  send(m: MidiMessage): void {
    this.write(m);
  }

  private write(m: MidiMessage): boolean {
    if (this.lost) return false;
    try {
      this.port.send(m);
      this.onSent(m);
      return true;
    } catch (err) {
      // A vanished port cannot receive note-offs: forget what it was playing, report once.
      this.lost = err instanceof Error ? err : new PortLostError(String(err));
      this.sounding.clear();
      return false;
    }
  }
}

/** A loop velocity scaled by `percent` (100 = as generated), kept a valid note-on velocity. */
export function scaleVelocity(velocity: number, percent: number): number {
  return Math.max(1, Math.min(127, Math.round((velocity * percent) / 100)));
}
