// Ports as the engine sees them. Native ports and the in-process loopback both implement these.
import type { MidiMessage } from './codec.ts';

export type MidiListener = (message: MidiMessage, timeMs: number) => void;

export interface MidiInPort {
  readonly name: string;
  /** Messages as they arrive, stamped with the transport's clock (ms). Returns an unsubscribe. */
  onMessage(listener: MidiListener): () => void;
  /** False once a port opened by name has left the system's port list (unplugged, renamed).
   * Absent or true for ports that cannot vanish (our own virtual ports, the loopback). */
  alive?(): boolean;
  close(): void;
}

export interface MidiOutPort {
  readonly name: string;
  /** Throws PortLostError when the port has gone away. */
  send(message: MidiMessage): void;
  alive?(): boolean;
  close(): void;
}

/** Which port to open: undefined = a virtual port named after seedloop, a number = index, else a name. */
export type PortSpec = string | number | undefined;

export interface MidiTransport {
  readonly kind: 'native' | 'loopback';
  listPorts(): { inputs: string[]; outputs: string[] };
  openInput(spec?: PortSpec): MidiInPort;
  openOutput(spec?: PortSpec): MidiOutPort;
}

export const VIRTUAL_IN = 'seedloop in';
export const VIRTUAL_OUT = 'seedloop out';

export class PortLostError extends Error {
  override name = 'PortLostError';
}

/** Resolve a user's port spec against the names on offer: index, exact name, then case-insensitive substring. */
export function resolvePort(names: string[], spec: string | number): number {
  if (typeof spec === 'number' || /^\d+$/.test(String(spec))) {
    const index = Number(spec);
    return index >= 0 && index < names.length ? index : -1;
  }
  const exact = names.indexOf(spec);
  if (exact >= 0) return exact;
  const lower = spec.toLowerCase();
  return names.findIndex((n) => n.toLowerCase().includes(lower));
}
