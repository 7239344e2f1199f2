// A stand-in for @julusian/midi that keeps RtMidi's documented behaviour, not the behaviour we would
// like. Every rule cites node_modules/@julusian/midi: vendor/rtmidi/RtMidi.{h,cpp}, src-cpp/*.cpp, dist/*.js.
// One FakeMidiSystem is the OS's MIDI service: ports that come and go, and what seedloop's ports see.
import type { MidiModule, RtInput, RtOutput } from '../../src/midi/native.ts';

export type Platform = 'darwin' | 'linux' | 'win32';

type Listener = (deltaTime: number, message: number[]) => void;

const API = { darwin: 'MidiOutCore', linux: 'MidiOutAlsa', win32: 'MidiOutWinMM' } as const;

export class FakeMidiSystem {
  /** What RtMidi printed on stderr: warnings never throw (RtMidi.cpp MidiApi::error, WARNING branch). */
  readonly stderr: string[] = [];
  /** Messages that reached each destination (a device's input, or the DAW on our virtual output). */
  readonly received = new Map<string, number[][]>();
  private openInputs = new Set<FakeInput>();

  constructor(
    readonly platform: Platform,
    /** Ports seedloop can read from / write to: devices, loopMIDI or IAC ports, the DAW's ports. */
    public sources: string[] = [],
    public destinations: string[] = [],
  ) {}

  /** The names RtMidi lists. WinMM appends " <index>" (RtMidi.cpp MidiOutWinMM::getPortName, "add the
   * portNumber to the name"); CoreMIDI and ALSA list the name as is (ALSA adds client:port, which
   * resolvePort's substring match covers; we keep plain names). */
  listed(kind: 'in' | 'out'): string[] {
    const names = kind === 'in' ? this.sources : this.destinations;
    return this.platform === 'win32' ? names.map((n, i) => `${n} ${i}`) : [...names];
  }

  /** A device is unplugged: it leaves both lists. Open handles are not told (RtMidi has no such event). */
  unplug(name: string): void {
    this.sources = this.sources.filter((n) => n !== name);
    this.destinations = this.destinations.filter((n) => n !== name);
  }

  rename(from: string, to: string): void {
    this.sources = this.sources.map((n) => (n === from ? to : n));
    this.destinations = this.destinations.map((n) => (n === from ? to : n));
  }

  plug(name: string, kind: 'in' | 'out' | 'both' = 'both'): void {
    if (kind !== 'out') this.sources.push(name);
    if (kind !== 'in') this.destinations.push(name);
  }

  /** A device or the DAW sends bytes on port `name` (a listed source, or our virtual input's name).
   * Delivered synchronously: the real binding queues them to the JS thread (src-cpp/input.cpp), which
   * in virtual time only adds a delay the tests do not model. */
  send(name: string, bytes: number[]): void {
    for (const input of [...this.openInputs]) input.deliver(name, bytes);
  }

  /** Messages on destination `name` (a device, or our virtual output's name), parsed by the caller. */
  at(name: string): number[][] {
    return this.received.get(name) ?? [];
  }

  warn(text: string): void {
    this.stderr.push(text);
  }

  record(dest: string, bytes: number[]): void {
    const list = this.received.get(dest) ?? [];
    list.push(bytes);
    this.received.set(dest, list);
  }

  track(input: FakeInput, open: boolean): void {
    if (open) this.openInputs.add(input);
    else this.openInputs.delete(input);
  }

  module(): MidiModule {
    const system = this;
    return {
      Input: class extends FakeInput {
        constructor() {
          super(system);
        }
      },
      Output: class extends FakeOutput {
        constructor() {
          super(system);
        }
      },
    };
  }
}

abstract class FakePort {
  protected handle = true; // false after destroy(): src-cpp/*.cpp `handle.reset()`
  protected connected = false; // RtMidi's connected_: set by openPort only
  protected virtualName: string | null = null;
  protected portName: string | null = null; // the listed name opened with openPort

  constructor(protected system: FakeMidiSystem) {}

  protected abstract readonly kind: 'in' | 'out';

  /** Every call after destroy() throws (src-cpp/output.cpp: `if (!handle) ... "RtMidi not initialised"`). */
  protected live(): void {
    if (!this.handle) throw new Error('RtMidi not initialised');
  }

  getPortCount(): number {
    this.live();
    return this.system.listed(this.kind).length;
  }

  getPortName(index: number): string {
    this.live();
    const names = this.system.listed(this.kind);
    if (index >= names.length) {
      this.system.warn(`${API[this.system.platform]}::getPortName: the 'portNumber' argument (${index}) is invalid.`);
      return ''; // a WARNING: an empty name, no throw
    }
    return names[index];
  }

  openPort(index: number): void {
    this.live();
    // src-cpp/output.cpp OpenPort: checked in the binding before RtMidi sees it.
    if (index >= this.getPortCount()) throw new RangeError('Invalid MIDI port number');
    if (this.connected) {
      this.system.warn(`${API[this.system.platform]}::openPort: a valid connection already exists!`);
      return;
    }
    this.portName = this.system.listed(this.kind)[index];
    this.connected = true; // RtMidi.cpp: `connected_ = true` at the end of each openPort
  }

  openVirtualPort(name: string): void {
    this.live();
    if (this.system.platform === 'win32') {
      // RtMidi.cpp MidiInWinMM/MidiOutWinMM::openVirtualPort: "cannot be implemented", a WARNING only.
      this.system.warn(`${API.win32}::openVirtualPort: cannot be implemented in Windows MM MIDI API!`);
      return;
    }
    if (this.virtualName !== null) {
      this.system.warn(`${API[this.system.platform]}::openVirtualPort: a virtual port already exists!`);
      return;
    }
    this.virtualName = name; // connected_ stays false: RtMidi.h isPortOpen() "not to virtual ports"
  }

  /** RtMidi.h: "Note that this only applies to connections made with the openPort() function". */
  isPortOpen(): boolean {
    this.live();
    return this.connected;
  }

  closePort(): void {
    this.live();
    this.connected = false;
    this.portName = null;
    // CoreMIDI's closePort disposes the virtual endpoint too (MidiOutCore::closePort, MIDIEndpointDispose);
    // ALSA keeps its virtual port until the object is deleted (MidiOutAlsa::closePort only unsubscribes).
    if (this.system.platform === 'darwin') this.virtualName = null;
  }

  destroy(): void {
    if (!this.handle) return; // Destroy on a reset handle returns quietly
    this.connected = false;
    this.portName = null;
    this.virtualName = null; // the RtMidi object is deleted, its virtual endpoint with it
    this.handle = false;
  }

  /** The base name of the opened port, as the system knows it. */
  protected endpoint(): string | null {
    if (this.portName === null) return null;
    return this.system.platform === 'win32' ? this.portName.replace(/ \d+$/, '') : this.portName;
  }
}

class FakeInput extends FakePort implements RtInput {
  protected readonly kind = 'in' as const;
  private listeners: Listener[] = [];
  private ignore = 0x07; // RtMidi.h MidiInApi::RtMidiInData: ignoreFlags(7): sysex, timing, sensing

  constructor(system: FakeMidiSystem) {
    super(system);
    system.track(this, true);
  }

  on(_event: 'message', listener: Listener): this {
    this.listeners.push(listener);
    return this;
  }

  ignoreTypes(sysex: boolean, timing: boolean, sense: boolean): void {
    this.live();
    this.ignore = (sysex ? 0x01 : 0) | (timing ? 0x02 : 0) | (sense ? 0x04 : 0); // RtMidi.cpp MidiInApi::ignoreTypes
  }

  override destroy(): void {
    super.destroy();
    this.system.track(this, false);
  }

  deliver(name: string, bytes: number[]): void {
    if (!this.handle) return;
    const mine = (this.virtualName !== null && this.virtualName === name) || (this.connected && this.endpoint() === name);
    if (!mine || !this.system.sources.concat(this.virtualName ?? []).includes(name)) return; // unplugged: silence
    const status = bytes[0];
    // RtMidi.cpp (CoreMIDI, ALSA, WinMM input callbacks): 0xF1 and 0xF8 need timing, 0xFE sensing, 0xF0 sysex.
    if ((status === 0xf8 || status === 0xf1) && this.ignore & 0x02) return;
    if (status === 0xfe && this.ignore & 0x04) return;
    if (status === 0xf0 && this.ignore & 0x01) return;
    for (const l of this.listeners) l(0, [...bytes]);
  }
}

class FakeOutput extends FakePort implements RtOutput {
  protected readonly kind = 'out' as const;

  send(message: number[]): void {
    this.live();
    const bytes = [...message];
    const p = this.system.platform;
    if (p === 'win32') {
      if (!this.connected) return; // RtMidi.cpp MidiOutWinMM::sendMessage: `if ( !connected_ ) return;`
      const dest = this.endpoint()!;
      if (!this.system.destinations.includes(dest)) {
        // midiOutShortMsg fails on a removed device: DRIVER_ERROR, rethrown by src-cpp/output.cpp Send.
        this.system.warn('MidiOutWinMM::sendMessage: error sending MIDI message.');
        throw new Error('Internal RtMidi error');
      }
      this.system.record(dest, bytes);
      return;
    }
    // CoreMIDI: MIDIReceived to the virtual source's subscribers, then MIDISend if connected_; a failed
    // MIDISend is a WARNING. ALSA: snd_seq_event_output to subscribers; a gone peer is no error.
    if (this.virtualName !== null) this.system.record(this.virtualName, bytes);
    if (this.connected) {
      const dest = this.endpoint()!;
      if (this.system.destinations.includes(dest)) this.system.record(dest, bytes);
      else if (p === 'darwin') this.system.warn('MidiOutCore::sendMessage: error sending MIDI message to port.');
    }
  }
}
