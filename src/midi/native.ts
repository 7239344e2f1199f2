// Native MIDI ports through @julusian/midi (RtMidi: ALSA, CoreMIDI, WinMM), over an injected module.
// The first touch of the real one is a probe in a child process (probe.ts).
import { performance } from 'node:perf_hooks';
import { baseName, hasVirtualPorts, WINDOWS_NO_VIRTUAL } from './platform.ts';
import { parseMidi, encodeMidi, type MidiMessage } from './codec.ts';
import {
  PortLostError,
  VIRTUAL_IN,
  VIRTUAL_OUT,
  resolvePort,
  type MidiInPort,
  type MidiListener,
  type MidiOutPort,
  type MidiTransport,
  type PortSpec,
} from './transport.ts';
import { UserError } from '../errors.ts';
import { noMidiServiceMessage, probeNativeMidi } from './probe.ts';

/** The slice of @julusian/midi seedloop uses (dist/input.d.ts, dist/output.d.ts): injected, so tests
 * can run the adapter over a double that keeps RtMidi's contract (test/midi/rtmidi-double.ts). */
export interface RtPort {
  getPortCount(): number;
  getPortName(index: number): string;
  openPort(index: number): void;
  openVirtualPort(name: string): void;
  isPortOpen(): boolean;
  closePort(): void;
  destroy(): void;
}
export interface RtInput extends RtPort {
  ignoreTypes(sysex: boolean, timing: boolean, activeSensing: boolean): void;
  on(event: 'message', listener: (deltaTime: number, message: number[]) => void): unknown;
}
export interface RtOutput extends RtPort {
  send(message: number[]): void;
}
export interface MidiModule {
  Input: new () => RtInput;
  Output: new () => RtOutput;
}

/** Ports opened by name can vanish; RtMidi does not say so (isPortOpen() stays true on an unplugged
 * ALSA port, and CoreMIDI only warns on a failed send), so we look for the name in the port list. */
class NameWatch {
  private checkedAt = -Infinity;
  /** The last answer, for the send path: enumerating is left to the watchdog's alive(). */
  present = true;
  constructor(
    private port: RtPort,
    private name: string | null, // null: our virtual port, which cannot vanish
    private platform: string,
    private now: () => number,
    private everyMs = 1000, // enumeration walks the system's ports: not on every tick
  ) {}
  alive(): boolean {
    if (this.name === null || !this.present) return this.present;
    const now = this.now();
    if (now - this.checkedAt < this.everyMs) return true;
    this.checkedAt = now;
    const want = baseName(this.name, this.platform);
    const names = Array.from({ length: this.port.getPortCount() }, (_, i) => baseName(this.port.getPortName(i), this.platform));
    this.present = names.includes(want);
    return this.present;
  }
}

class NativeInput implements MidiInPort {
  private listeners = new Set<MidiListener>();
  constructor(
    readonly name: string,
    private port: RtInput,
    private watch: NameWatch,
    now: () => number,
  ) {
    port.on('message', (_delta, bytes) => {
      const time = now();
      for (const m of parseMidi(bytes)) for (const l of [...this.listeners]) l(m, time);
    });
  }
  onMessage(listener: MidiListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  alive(): boolean {
    return this.watch.alive();
  }
  close(): void {
    this.listeners.clear();
    this.port.destroy(); // closes the port first (src-cpp/input.cpp Destroy)
  }
}

class NativeOutput implements MidiOutPort {
  private closed = false;
  constructor(
    readonly name: string,
    private port: RtOutput,
    private watch: NameWatch,
  ) {}
  /** isPortOpen() is false on virtual ports (RtMidi.h: "only applies to connections made with the
   * openPort() function"), so it says nothing here. Loss is the name leaving the port list, or a send
   * that throws (WinMM on an unplugged device: DRIVER_ERROR, RtMidi.cpp MidiOutWinMM::sendMessage). */
  send(message: MidiMessage): void {
    if (this.closed || !this.watch.present) throw new PortLostError(`MIDI port "${this.name}" is gone`);
    try {
      this.port.send(encodeMidi(message));
    } catch (err) {
      throw new PortLostError(`MIDI port "${this.name}" is gone (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  alive(): boolean {
    return !this.closed && this.watch.alive();
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.destroy();
  }
}

export interface NativeOptions {
  platform?: string; // process.platform: decides virtual ports and WinMM's name suffixes
  now?: () => number; // stamps incoming messages; the engine's scheduler clock
}

/** The adapter over an injected MIDI module (the real one, or the RtMidi double in tests). */
export function createNativeTransport(lib: MidiModule, opts: NativeOptions = {}): MidiTransport {
  const platform = opts.platform ?? process.platform;
  const now = opts.now ?? (() => performance.now());
  const names = (port: RtPort) => Array.from({ length: port.getPortCount() }, (_, i) => port.getPortName(i));
  const open = (port: RtPort, spec: PortSpec, virtualName: string, what: string): { name: string; watch: NameWatch } => {
    if (spec === undefined || spec === '') {
      // WinMM's openVirtualPort only prints a warning and opens nothing: refuse before calling it.
      if (!hasVirtualPorts(platform)) throw new UserError(WINDOWS_NO_VIRTUAL);
      port.openVirtualPort(virtualName);
      return { name: virtualName, watch: new NameWatch(port, null, platform, now) };
    }
    const list = names(port);
    const index = resolvePort(list, spec);
    if (index < 0) {
      throw new UserError(`no MIDI ${what} port matches "${spec}"; available: ${list.join(', ') || 'none'} (seedloop ports lists them)`);
    }
    port.openPort(index);
    return { name: list[index], watch: new NameWatch(port, list[index], platform, now) };
  };
  const list = () => {
    const input = new lib.Input();
    const output = new lib.Output();
    try {
      return { inputs: names(input), outputs: names(output) };
    } finally {
      input.destroy();
      output.destroy();
    }
  };
  return {
    kind: 'native',
    listPorts: list,
    openInput(spec) {
      const port = new lib.Input();
      port.ignoreTypes(true, false, true); // keep clock messages; RtMidi drops them by default (ignoreFlags 7)
      try {
        const { name, watch } = open(port, spec, VIRTUAL_IN, 'input');
        return new NativeInput(name, port, watch, now);
      } catch (err) {
        port.destroy();
        throw err;
      }
    },
    openOutput(spec) {
      const port = new lib.Output();
      try {
        const { name, watch } = open(port, spec, VIRTUAL_OUT, 'output');
        return new NativeOutput(name, port, watch);
      } catch (err) {
        port.destroy();
        throw err;
      }
    },
  };
}

/** Probe first; throw a one-line UserError when there is no MIDI service. */
export async function openNativeTransport(opts: NativeOptions = {}): Promise<MidiTransport> {
  const probe = probeNativeMidi();
  if (!probe.ok) throw new UserError(noMidiServiceMessage(probe.error));
  const midi = (await import('@julusian/midi')) as unknown as MidiModule & { default?: MidiModule };
  return createNativeTransport(midi.default ?? midi, opts);
}
