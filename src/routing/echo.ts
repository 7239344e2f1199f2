// Feedback safety. Whatever seedloop sends can come back in: a loopback port, a DAW track that monitors
// seedloop's output and is routed back, --thru. An incoming message that matches one we sent a moment
// ago is our own echo: a note echo is never captured, a clock echo never takes the clock over.
import type { MidiMessage } from '../midi/codec.ts';

/** What identifies an echo: pitch and velocity for a note-on (a DAW may rechannelize what it routes
 * back; the velocity keeps a player's own fast repeat of a note we just echoed from looking like an
 * echo), pitch for a note-off (release velocities vary), the message type for clock and transport. */
function keyOf(m: MidiMessage): string | null {
  switch (m.type) {
    case 'noteOn':
      return `on${m.note}/${m.velocity}`;
    case 'noteOff':
      return `off${m.note}`;
    case 'clock':
    case 'start':
    case 'continue':
    case 'stop':
      return m.type;
    case 'songPosition':
      return `spp${m.sixteenths}`;
    default:
      return null;
  }
}

export class EchoFilter {
  /** Send times of recent messages by key, oldest first; each one can excuse one incoming message. */
  private sent = new Map<string, number[]>();

  /** `windowMs`: the longest round trip we accept as an echo (a DAW's monitoring adds its buffer). */
  constructor(readonly windowMs = 60) {}

  /** Record a message seedloop sent at `timeMs`. */
  sentAt(m: MidiMessage, timeMs: number): void {
    const key = keyOf(m);
    if (key === null) return;
    const times = this.sent.get(key);
    if (times) times.push(timeMs);
    else this.sent.set(key, [timeMs]);
  }

  /** True when `m`, received at `timeMs`, is the echo of something we sent; that send is used up. */
  isEcho(m: MidiMessage, timeMs: number): boolean {
    const key = keyOf(m);
    if (key === null) return false;
    const times = this.sent.get(key);
    if (!times) return false;
    while (times.length && times[0] < timeMs - this.windowMs) times.shift(); // too old to come back now
    if (!times.length) {
      this.sent.delete(key);
      return false;
    }
    if (times[0] > timeMs) return false; // sent after it arrived: not its echo
    times.shift();
    return true;
  }

  /** Drop what is too old to come back (called now and then, so an unechoed output does not grow it). */
  prune(nowMs: number): void {
    for (const [key, times] of this.sent) {
      while (times.length && times[0] < nowMs - this.windowMs) times.shift();
      if (!times.length) this.sent.delete(key);
    }
  }
}
