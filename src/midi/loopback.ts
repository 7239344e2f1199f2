// In-process MIDI cables for tests and the demo: what is sent on one end is parsed, byte by byte,
// and delivered at the other, stamped with an injected clock.
import { MidiParser, encodeMidi, type MidiMessage } from './codec.ts';
import { PortLostError, type MidiInPort, type MidiListener, type MidiOutPort, type MidiTransport } from './transport.ts';

export class LoopbackCable implements MidiInPort, MidiOutPort {
  private listeners = new Set<MidiListener>();
  private parser = new MidiParser();
  private connected = true;

  constructor(
    readonly name: string,
    private now: () => number,
  ) {}

  send(message: MidiMessage): void {
    this.sendBytes(encodeMidi(message));
  }

  /** Raw bytes, so tests can push running status, split messages or garbage through the real parser. */
  sendBytes(bytes: ArrayLike<number>): void {
    if (!this.connected) throw new PortLostError(`MIDI port "${this.name}" is gone`);
    const time = this.now();
    this.parser.feed(bytes, (m) => {
      for (const listener of [...this.listeners]) listener(m, time);
    });
  }

  onMessage(listener: MidiListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Simulates the device vanishing: sends throw from now on. */
  disconnect(): void {
    this.connected = false;
  }

  close(): void {
    this.listeners.clear();
  }
}

/** Two cables: `input` carries keyboard + DAW clock into the engine, `output` carries the engine's notes out. */
export function createLoopback(now: () => number): MidiTransport & { input: LoopbackCable; output: LoopbackCable } {
  const input = new LoopbackCable('loopback in', now);
  const output = new LoopbackCable('loopback out', now);
  return {
    kind: 'loopback',
    input,
    output,
    listPorts: () => ({ inputs: [input.name], outputs: [output.name] }),
    openInput: () => input,
    openOutput: () => output,
  };
}
