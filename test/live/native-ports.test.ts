// `seedloop live` end to end over the RtMidi double, per platform: the port plan, the native adapter,
// the engine. The DAW sends clock into "seedloop in" (a virtual port, or on Windows the loopMIDI port
// of that name) and listens on "seedloop out"; every note must arrive there with its note-off.
import { describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/clock/scheduler.ts';
import { encodeMidi, parseMidi, type MidiMessage } from '../../src/midi/codec.ts';
import { createNativeTransport } from '../../src/midi/native.ts';
import { openPorts, planPorts } from '../../src/midi/platform.ts';
import { LiveEngine } from '../../src/live/engine.ts';
import { UserError } from '../../src/errors.ts';
import { FakeMidiSystem, type Platform } from '../midi/rtmidi-double.ts';
import { ScriptedGenerator } from './doubles.ts';

const BAR = 96;
const P = 60_000 / (120 * 24);

function liveOver(platform: Platform, system: FakeMidiSystem, ins: string[] = []) {
  const scheduler = new ManualScheduler(0);
  const transport = createNativeTransport(system.module(), { platform, now: () => scheduler.now() });
  const { inputs, output, clockIn } = openPorts(transport, platform, { ins }); // what the timing thread does
  const engine = new LiveEngine({
    scheduler, inputs, output, routing: { clockIn }, generator: new ScriptedGenerator(true),
    internalClock: false, settingsFile: null, settings: { seedBars: 1, loopBars: 2, changeEvery: 0 },
  });
  const daw = (tick: number, m: MidiMessage) => scheduler.at(10 + tick * P, () => system.send('seedloop in', encodeMidi(m)));
  daw(-0.05, { type: 'start' });
  for (let k = 0; k < 8 * BAR; k++) daw(k, { type: 'clock' });
  for (const [beat, pitch] of [[0, 60], [1, 63], [2, 67], [3, 70]]) {
    daw(beat * 24 + 1, { type: 'noteOn', channel: 0, note: pitch, velocity: 90 });
    daw(beat * 24 + 18, { type: 'noteOff', channel: 0, note: pitch, velocity: 0 });
  }
  async function runTo(tick: number): Promise<void> {
    const end = 10 + tick * P;
    while (scheduler.now() < end) {
      scheduler.advanceTo(Math.min(end, scheduler.now() + 5));
      await new Promise((r) => setImmediate(r));
    }
  }
  /** Notes that reached the DAW on "seedloop out", and how many are still sounding. */
  const heard = () => {
    const msgs = system.at('seedloop out').flatMap((b) => parseMidi(b));
    const sounding = new Map<number, number>();
    for (const m of msgs) {
      if (m.type === 'noteOn') sounding.set(m.note, (sounding.get(m.note) ?? 0) + 1);
      if (m.type === 'noteOff') sounding.set(m.note, Math.max(0, (sounding.get(m.note) ?? 0) - 1));
    }
    return { ons: msgs.filter((m) => m.type === 'noteOn').length, stuck: [...sounding.values()].reduce((a, b) => a + b, 0) };
  };
  return { engine, output, inputs, runTo, heard, daw };
}

const WINDOWS_LOOPMIDI = () => new FakeMidiSystem('win32', ['Keystation 49', 'seedloop in', 'seedloop out'], ['Microsoft GS Wavetable Synth', 'seedloop in', 'seedloop out']);

describe.each([
  ['darwin', () => new FakeMidiSystem('darwin', ['IAC Driver Bus 1'], ['IAC Driver Bus 1'])],
  ['linux', () => new FakeMidiSystem('linux', ['Midi Through Port-0'], ['Midi Through Port-0'])],
  ['win32', WINDOWS_LOOPMIDI],
] as const)('seedloop live on %s, through the RtMidi double', (platform, make) => {
  it('plays the loop out with every note-off; quit leaves nothing sounding', async () => {
    const system = make();
    const live = liveOver(platform, system);
    expect(live.output.name).toBe(platform === 'win32' ? 'seedloop out 2' : 'seedloop out');
    await live.runTo(5 * BAR);
    expect(live.engine.snapshot().state.kind).toBe('playing');
    expect(live.heard().ons).toBeGreaterThan(8);
    expect(live.engine.snapshot().status?.level).not.toBe('error');
    await live.engine.quit();
    expect(live.heard().stuck).toBe(0);
    expect(system.stderr).toEqual([]); // nothing RtMidi would print over the screen
  });

  it.each(['signal', 'daw stop', 'rearm', 'panic', 'song position'] as const)('no stuck notes when stopped mid-note by %s', async (exit) => {
    const system = make();
    const live = liveOver(platform, system);
    if (exit === 'daw stop') live.daw(4 * BAR + 30, { type: 'stop' });
    if (exit === 'song position') live.daw(4 * BAR + 30.5, { type: 'songPosition', sixteenths: 4 }); // checked before the next pulse
    await live.runTo(exit === 'song position' ? 4 * BAR + 30.6 : 4 * BAR + 31);
    expect(live.heard().ons).toBeGreaterThan(0);
    if (exit === 'signal') live.engine.stopNow();
    if (exit === 'rearm') live.engine.send({ type: 'rearm' });
    if (exit === 'panic') live.engine.send({ type: 'panic' });
    expect(live.heard().stuck).toBe(0);
  });
});

describe('seedloop live on win32 without loopback ports', () => {
  it('one clear line naming loopMIDI and --in/--out, and no RtMidi warning', () => {
    const system = new FakeMidiSystem('win32', ['Keystation 49'], ['Microsoft GS Wavetable Synth']);
    const transport = createNativeTransport(system.module(), { platform: 'win32' });
    let error: unknown;
    try {
      planPorts('win32', transport.listPorts(), { ins: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^Windows has no virtual MIDI ports: create two loopMIDI ports named "seedloop in" and "seedloop out".*--in\/--out/);
    expect((error as Error).message).not.toMatch(/\n/);
    expect(system.stderr).toEqual([]);
  });

  it('a keyboard opened by name and unplugged: said once; the loop plays on', async () => {
    const system = WINDOWS_LOOPMIDI();
    const live = liveOver('win32', system, ['seedloop in', 'Keystation']);
    await live.runTo(4 * BAR);
    system.unplug('Keystation 49');
    await live.runTo(5 * BAR);
    expect(live.engine.snapshot().status).toMatchObject({ level: 'warn', message: 'MIDI input "Keystation 49 0" is gone: nothing more arrives from it (reconnect it and restart seedloop)' });
    expect(live.engine.snapshot().state.kind).toBe('playing');
    await live.engine.quit();
    expect(live.heard().stuck).toBe(0);
  });

  it('the loopMIDI output unplugged while playing: reported once, no crash', async () => {
    const system = WINDOWS_LOOPMIDI();
    const live = liveOver('win32', system);
    await live.runTo(4 * BAR);
    system.unplug('seedloop out');
    await live.runTo(5 * BAR);
    expect(live.engine.snapshot().status).toMatchObject({ level: 'error', message: expect.stringMatching(/"seedloop out 2" is gone/) });
    await live.engine.quit();
  });
});
