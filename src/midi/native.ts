// Native MIDI ports through @julusian/midi (RtMidi: ALSA, CoreMIDI, WinMM).
// RtMidi prints ALSA errors straight to fd 2 from C code, so the first touch happens in a child
// process with stderr discarded: the user sees one clear line from us instead of library noise.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
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

type MidiModule = typeof import('@julusian/midi');

export type ProbeResult = { ok: true; inputs: string[]; outputs: string[] } | { ok: false; error: string };

const PROBE_SCRIPT = `
const path = process.argv[1];
try {
  const midi = require(path);
  const input = new midi.Input();
  const output = new midi.Output();
  const names = (port) => Array.from({ length: port.getPortCount() }, (_, i) => port.getPortName(i));
  process.stdout.write(JSON.stringify({ ok: true, inputs: names(input), outputs: names(output) }));
  input.destroy?.(); output.destroy?.();
} catch (e) {
  process.stdout.write(JSON.stringify({ ok: false, error: String((e && e.message) || e) }));
}`;

/** Ask a throwaway child process whether native MIDI works, and which ports exist. Silent on stderr. */
export function probeNativeMidi(): ProbeResult {
  let modulePath: string;
  try {
    modulePath = createRequire(import.meta.url).resolve('@julusian/midi');
  } catch {
    return { ok: false, error: '@julusian/midi is not installed' };
  }
  const child = spawnSync(process.execPath, ['-e', PROBE_SCRIPT, modulePath], {
    stdio: ['ignore', 'pipe', 'ignore'],
    encoding: 'utf8',
    timeout: 10_000,
  });
  try {
    return JSON.parse(child.stdout) as ProbeResult;
  } catch {
    return { ok: false, error: `MIDI probe failed (${child.signal ?? `exit ${child.status}`})` };
  }
}

/** The one line a user sees when the system has no MIDI service. */
export function noMidiServiceMessage(error: string): string {
  if (process.platform === 'linux') {
    return (
      `no MIDI service: the ALSA sequencer is not available (${error.replace(/\s+/g, ' ').trim()}); ` +
      `load it with "sudo modprobe snd-seq" (in a container, pass --device /dev/snd), or try "seedloop live --demo"`
    );
  }
  return `no MIDI service (${error}); try "seedloop live --demo"`;
}

class NativeInput implements MidiInPort {
  private listeners = new Set<MidiListener>();
  constructor(
    readonly name: string,
    private port: InstanceType<MidiModule['Input']>,
  ) {
    port.on('message', (_delta, bytes) => {
      const time = performance.now();
      for (const m of parseMidi(bytes)) for (const l of [...this.listeners]) l(m, time);
    });
  }
  onMessage(listener: MidiListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  close(): void {
    this.listeners.clear();
    this.port.closePort();
    this.port.destroy();
  }
}

class NativeOutput implements MidiOutPort {
  constructor(
    readonly name: string,
    private port: InstanceType<MidiModule['Output']>,
  ) {}
  send(message: MidiMessage): void {
    if (!this.port.isPortOpen()) throw new PortLostError(`MIDI port "${this.name}" is gone`);
    this.port.send(encodeMidi(message));
  }
  close(): void {
    this.port.closePort();
    this.port.destroy();
  }
}

/** Probe first; throw a one-line UserError when there is no MIDI service. */
export async function openNativeTransport(): Promise<MidiTransport> {
  const probe = probeNativeMidi();
  if (!probe.ok) throw new UserError(noMidiServiceMessage(probe.error));
  const midi = (await import('@julusian/midi')) as unknown as MidiModule & { default?: MidiModule };
  const lib: MidiModule = midi.default ?? midi;
  const open = <P extends { getPortCount(): number; getPortName(i: number): string; openPort(i: number): void; openVirtualPort(n: string): void }>(
    port: P,
    spec: PortSpec,
    virtualName: string,
    what: string,
  ): string => {
    if (spec === undefined || spec === '') {
      port.openVirtualPort(virtualName);
      return virtualName;
    }
    const names = Array.from({ length: port.getPortCount() }, (_, i) => port.getPortName(i));
    const index = resolvePort(names, spec);
    if (index < 0) {
      throw new UserError(`no MIDI ${what} port matches "${spec}"; available: ${names.join(', ') || 'none'} (seedloop ports lists them)`);
    }
    port.openPort(index);
    return names[index];
  };
  return {
    kind: 'native',
    listPorts: () => ({ inputs: lib.Input.getPortNames(), outputs: lib.Output.getPortNames() }),
    openInput(spec) {
      const port = new lib.Input();
      port.ignoreTypes(true, false, true); // keep clock messages; RtMidi drops them by default
      return new NativeInput(open(port, spec, VIRTUAL_IN, 'input'), port);
    },
    openOutput(spec) {
      const port = new lib.Output();
      return new NativeOutput(open(port, spec, VIRTUAL_OUT, 'output'), port);
    },
  };
}
