import { describe, expect, it } from 'vitest';
import { createNativeTransport } from '../../src/midi/native.ts';
import { planPorts, defaultsNote, WINDOWS_NO_VIRTUAL } from '../../src/midi/platform.ts';
import { PortLostError } from '../../src/midi/transport.ts';
import { UserError } from '../../src/errors.ts';
import { FakeMidiSystem } from './rtmidi-double.ts';

const noteOn = { type: 'noteOn', channel: 0, note: 60, velocity: 100 } as const;

function rig(platform: 'darwin' | 'linux' | 'win32', sources: string[] = [], destinations: string[] = []) {
  const system = new FakeMidiSystem(platform, sources, destinations);
  let now = 0;
  const transport = createNativeTransport(system.module(), { platform, now: () => now });
  return { system, transport, advance: (ms: number) => (now += ms) };
}

describe('the RtMidi double keeps RtMidi\'s contract', () => {
  it('isPortOpen() is false on a virtual port, true after openPort', () => {
    const system = new FakeMidiSystem('linux', ['Keys'], ['Synth']);
    const { Output } = system.module();
    const v = new Output();
    v.openVirtualPort('x');
    expect(v.isPortOpen()).toBe(false);
    const o = new Output();
    o.openPort(0);
    expect(o.isPortOpen()).toBe(true);
  });

  it('WinMM: openVirtualPort only warns on stderr; WinMM names carry their index', () => {
    const system = new FakeMidiSystem('win32', ['loopMIDI Port'], ['loopMIDI Port']);
    const o = new (system.module().Output)();
    expect(() => o.openVirtualPort('seedloop out')).not.toThrow();
    expect(system.stderr).toEqual(['MidiOutWinMM::openVirtualPort: cannot be implemented in Windows MM MIDI API!']);
    expect(o.getPortName(0)).toBe('loopMIDI Port 0');
    o.send([0x90, 60, 100]); // not connected: WinMM returns quietly
    expect(system.at('loopMIDI Port')).toEqual([]);
  });

  it('send on a closed port: WinMM returns quietly, a closed CoreMIDI virtual port is gone, ALSA\'s stays', () => {
    for (const [platform, heard] of [['darwin', 0], ['linux', 1]] as const) {
      const system = new FakeMidiSystem(platform);
      const o = new (system.module().Output)();
      o.openVirtualPort('v');
      o.closePort();
      o.send([0x90, 60, 100]);
      expect(system.at('v').length).toBe(heard);
    }
  });

  it('send after destroy() throws; openPort past the list is a RangeError', () => {
    const system = new FakeMidiSystem('darwin', [], ['Synth']);
    const o = new (system.module().Output)();
    expect(() => o.openPort(3)).toThrow(RangeError);
    o.openPort(0);
    o.destroy();
    expect(() => o.send([0x90, 60, 100])).toThrow('RtMidi not initialised');
  });
});

describe.each(['darwin', 'linux'] as const)('native adapter on %s', (platform) => {
  it('sends notes on the default virtual output although isPortOpen() is false there', () => {
    const { system, transport } = rig(platform);
    const out = transport.openOutput();
    expect(out.name).toBe('seedloop out');
    out.send(noteOn);
    out.send({ type: 'noteOff', channel: 0, note: 60, velocity: 0 });
    expect(system.at('seedloop out')).toEqual([[0x90, 60, 100], [0x80, 60, 0]]);
    expect(out.alive?.()).toBe(true);
  });

  it('receives clock and notes on the virtual input; active sensing stays filtered', () => {
    const { system, transport } = rig(platform);
    const input = transport.openInput();
    const got: string[] = [];
    input.onMessage((m) => got.push(m.type));
    for (const bytes of [[0xfa], [0xf8], [0xfe], [0x90, 60, 1], [0xfc]]) system.send('seedloop in', bytes);
    expect(got).toEqual(['start', 'clock', 'noteOn', 'stop']);
  });

  it('a port opened by name that is unplugged or renamed is reported lost, and sends then throw', () => {
    const { system, transport, advance } = rig(platform, ['Keys'], ['Synth', 'Other']);
    const out = transport.openOutput('Synth');
    const input = transport.openInput('Keys');
    advance(1000);
    expect(out.alive?.()).toBe(true);
    system.unplug('Synth');
    system.rename('Keys', 'Keys (2)');
    out.send(noteOn); // RtMidi itself does not throw here (ALSA: no subscriber; CoreMIDI: a warning)
    advance(1000);
    expect(out.alive?.()).toBe(false);
    expect(input.alive?.()).toBe(false);
    expect(() => out.send(noteOn)).toThrow(PortLostError);
  });
});

describe('native adapter on win32', () => {
  it('refuses the virtual default with one line naming loopMIDI and --in/--out, without RtMidi noise', () => {
    const { system, transport } = rig('win32');
    expect(() => transport.openOutput()).toThrow(UserError);
    expect(() => transport.openInput()).toThrow(/loopMIDI.*--in\/--out/);
    expect(system.stderr).toEqual([]);
  });

  it('keeps a port alive when another device leaves and the WinMM indices shift', () => {
    const { system, transport, advance } = rig('win32', [], ['USB Synth', 'seedloop out']);
    const out = transport.openOutput('seedloop out');
    expect(out.name).toBe('seedloop out 1');
    system.unplug('USB Synth');
    advance(1000);
    expect(out.alive?.()).toBe(true);
    out.send(noteOn);
    expect(system.at('seedloop out')).toEqual([[0x90, 60, 100]]);
  });

  it('a send to an unplugged device throws PortLostError at once', () => {
    const { system, transport } = rig('win32', [], ['USB Synth']);
    const out = transport.openOutput('USB Synth');
    system.unplug('USB Synth');
    expect(() => out.send(noteOn)).toThrow(PortLostError);
  });
});

describe('planPorts', () => {
  const win = { inputs: ['Keys 0', 'seedloop in 1', 'seedloop out 2'], outputs: ['Microsoft GS Wavetable Synth 0', 'seedloop in 1', 'seedloop out 2'] };

  it('win32: picks existing "seedloop in" / "seedloop out" loopback ports by default', () => {
    expect(planPorts('win32', win, { ins: [] })).toEqual({ inputs: ['seedloop in 1'], output: 'seedloop out 2' });
    expect(defaultsNote('win32', win).join(' ')).toMatch(/Found: input "seedloop in 1", output "seedloop out 2"/);
  });

  it('win32: without them, one line naming loopMIDI and the flags', () => {
    const bare = { inputs: ['Keys 0'], outputs: ['Microsoft GS Wavetable Synth 0'] };
    expect(() => planPorts('win32', bare, { ins: [] })).toThrow(WINDOWS_NO_VIRTUAL);
    expect(defaultsNote('win32', bare).join(' ')).toMatch(/Missing: "seedloop in" and "seedloop out"/);
  });

  it('never the same loopback port for in and out', () => {
    expect(() => planPorts('win32', win, { ins: ['seedloop out'] })).toThrow(/same loopback port.*feedback/);
    const mac = { inputs: ['IAC Driver Bus 1'], outputs: ['IAC Driver Bus 1'] };
    expect(() => planPorts('darwin', mac, { ins: ['IAC'], out: 'IAC' })).toThrow(/feedback/);
    // A hardware synth with one name for its in and out is no loop.
    const synth = { inputs: ['Digitakt'], outputs: ['Digitakt'] };
    expect(planPorts('linux', synth, { ins: ['Digitakt'], out: 'Digitakt' })).toEqual({ inputs: ['Digitakt'], output: 'Digitakt' });
  });

  it('darwin/linux: virtual ports by default; several --in; unknown names name the flag', () => {
    const ports = { inputs: ['Keys', 'DAW clock'], outputs: ['Synth'] };
    expect(planPorts('darwin', ports, { ins: [] })).toEqual({ inputs: [undefined], output: undefined });
    expect(defaultsNote('linux', ports).join(' ')).toMatch(/virtual ports "seedloop in" and "seedloop out".*feedback loop/);
    expect(planPorts('linux', ports, { ins: ['keys', 'DAW'] }).inputs).toEqual(['Keys', 'DAW clock']);
    expect(() => planPorts('linux', ports, { ins: ['Digitakt'] })).toThrow('--in "Digitakt": no such MIDI input port; available: "Keys", "DAW clock"');
    expect(() => planPorts('linux', ports, { ins: [], out: 'nope' })).toThrow(/^--out "nope"/);
    expect(() => planPorts('linux', ports, { ins: ['Keys', 'keys'] })).toThrow(/given twice/);
  });

  it('--clock-in names one of the inputs (the virtual one too)', () => {
    const ports = { inputs: ['Keys', 'DAW clock'], outputs: ['Synth'] };
    expect(planPorts('linux', ports, { ins: ['Keys', 'DAW'], clockIn: 'daw' }).clockIn).toBe('DAW clock');
    expect(planPorts('darwin', ports, { ins: [], clockIn: 'seedloop in' }).clockIn).toBe('seedloop in');
    expect(() => planPorts('linux', ports, { ins: ['Keys'], clockIn: 'DAW' })).toThrow('--clock-in "DAW": not one of the input ports ("Keys"); add it with --in');
  });
});
