// The engine as performers wire it, in virtual time: several inputs, one clock, channel filter, thru,
// echoes, clock source switches, Song Position while running, dropouts, the gapless loop start.
import { describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/clock/scheduler.ts';
import { LoopbackCable } from '../../src/midi/loopback.ts';
import { LiveEngine, type EngineOptions } from '../../src/live/engine.ts';
import { Recorder } from '../../src/harness/sim.ts';
import type { MidiMessage } from '../../src/midi/codec.ts';
import { ScriptedGenerator } from './doubles.ts';

const BAR = 96;
const P = 60_000 / (120 * 24); // ms per clock pulse at 120 BPM

function stage(opts: Partial<EngineOptions> = {}) {
  const scheduler = new ManualScheduler(0);
  const now = () => scheduler.now();
  const keys = new LoopbackCable('Keys', now);
  const daw = new LoopbackCable('DAW', now);
  const out = new LoopbackCable('Out', now);
  const engine = new LiveEngine({
    scheduler, inputs: [keys, daw], output: out, generator: new ScriptedGenerator(true),
    internalClock: false, settingsFile: null, loopStart: 'ready', ...opts,
    settings: { seedBars: 2, loopBars: 2, changeEvery: 0, ...opts.settings },
  });
  const rec = new Recorder(scheduler, out, null);
  let t0 = 10;
  /** The DAW's clock: Start (or Continue) at `t0`, then pulses `from`..`to`-1 on the 120 BPM grid. */
  const clock = (from: number, to: number, start: 'start' | 'continue' | null = from === 0 ? 'start' : null, port = daw) => {
    if (start) scheduler.at(t0 + from * P - 1, () => port.send({ type: start }));
    for (let k = from; k < to; k++) scheduler.at(t0 + k * P, () => port.send({ type: 'clock' }));
  };
  const at = (tick: number, m: MidiMessage, port = keys) => scheduler.at(t0 + tick * P, () => port.send(m));
  const note = (tick: number, pitch: number, len: number, channel = 0, port = keys) => {
    at(tick, { type: 'noteOn', channel, note: pitch, velocity: 90 }, port);
    at(tick + len - 0.3, { type: 'noteOff', channel, note: pitch, velocity: 0 }, port);
  };
  async function runTo(tick: number): Promise<void> {
    const end = t0 + tick * P + 1;
    while (scheduler.now() < end) {
      scheduler.advanceTo(Math.min(end, scheduler.now() + 5));
      await new Promise((r) => setImmediate(r));
    }
  }
  const shift = (ms: number) => (t0 += ms); // later pulses come this much later (a dropout)
  return { scheduler, keys, daw, out, engine, rec, clock, at, note, runTo, shift };
}

const seedPitches = (e: LiveEngine) => e.seed?.score.tracks[0].notes.map((n) => n.pitch);
const ons = (s: ReturnType<typeof stage>) => s.rec.notes().filter((n) => n.on);

describe('routing into the engine', () => {
  it('several inputs: the clock follows --clock-in only; notes come from every port', async () => {
    const s = stage({ routing: { clockIn: 'DAW' } });
    s.clock(0, 4 * BAR);
    for (let k = 0; k < 200; k++) s.at(k * 0.5, { type: 'clock' }); // the keyboard's arpeggiator clock, twice as fast
    s.note(BAR, 60, 12);
    s.note(BAR + 24, 62, 12, 0, s.daw); // the DAW plays a note too
    await s.runTo(3 * BAR);
    expect(s.engine.snapshot().clock.tick).toBe(3 * BAR);
    expect(s.engine.seed).toMatchObject({ startTick: BAR, endTick: 3 * BAR });
    expect(seedPitches(s.engine)).toEqual([60, 62]);
  });

  it('--in-channel: notes on other channels are not the seed', async () => {
    const s = stage({ routing: { inChannel: 2 } });
    s.clock(0, 3 * BAR);
    s.note(0, 48, 12, 0);
    s.note(12, 60, 12, 1);
    s.note(36, 50, 12, 9);
    await s.runTo(2 * BAR + 1);
    expect(seedPitches(s.engine)).toEqual([60]);
  });

  it('--thru echoes the seed as it is played, on the output channel, and stops when the loop takes over', async () => {
    const s = stage({ routing: { thru: true }, settings: { channel: 3 } });
    s.clock(0, 5 * BAR);
    s.note(0, 60, 30);
    s.note(48, 64, 60); // held across the seed's end
    s.note(2 * BAR + 60, 72, 12); // played over the loop: not echoed
    await s.runTo(2 * BAR + 1);
    const thru = ons(s).filter((n) => n.channel === 2 && n.tick === -1); // notes that answer no loop tick
    expect(thru.map((n) => n.pitch)).toEqual([60, 64]);
    await s.runTo(5 * BAR - 1);
    expect(s.rec.notes().some((n) => n.pitch === 72)).toBe(false);
    await s.engine.quit();
    expect(s.rec.stuckNotes).toBe(0);
  });

  it('echo: our own notes coming back (a DAW monitoring and routing back) are never captured', async () => {
    const s = stage({ routing: { thru: true } });
    s.out.onMessage((m) => s.scheduler.at(s.scheduler.now() + 4, () => s.keys.send(m))); // 4 ms round trip
    s.clock(0, 3 * BAR);
    s.note(0, 60, 30);
    s.note(24, 64, 30);
    await s.runTo(2 * BAR + 1);
    expect(s.engine.seed?.score.tracks[0].notes).toEqual([
      { pitch: 60, velocity: 90, start: 0, duration: 15 },
      { pitch: 64, velocity: 90, start: 12, duration: 15 },
    ]);
  });

  it('echo: while clock master (--clock-out), our clock coming back does not take over; a DAW\'s Start does', async () => {
    const s = stage({ internalClock: true, clockOut: true, bpm: 120 });
    s.out.onMessage((m) => s.scheduler.at(s.scheduler.now() + 3, () => s.daw.send(m)));
    await s.runTo(2 * BAR);
    expect(s.engine.clock.source).toBe('internal');
    expect(s.engine.snapshot().clock.tick).toBeGreaterThan(BAR);
    s.out.onMessage(() => {}); // (the loop keeps echoing; the DAW now plays too)
    s.scheduler.at(s.scheduler.now() + 1, () => s.keys.send({ type: 'start' }));
    await s.runTo(2 * BAR + 5);
    expect(s.engine.clock.source).toBe('external');
    await s.engine.quit();
  });

  it('a clock source switch mid-seed resets the half-captured seed; notes before Play are not the seed', async () => {
    const s = stage({ internalClock: true, bpm: 120 });
    s.note(5, 40, 12); // noodling on seedloop's own clock
    s.note(30, 41, 12);
    await s.runTo(60);
    expect(s.engine.snapshot().state.kind).toBe('capturing');
    s.shift(60 * P + 40); // the DAW's Play arrives
    s.clock(0, 3 * BAR);
    s.note(0, 60, 12);
    await s.runTo(2 * BAR + 1);
    expect(s.engine.clock.source).toBe('external');
    expect(seedPitches(s.engine)).toEqual([60]);
  });

  it('the sustain pedal held across the seed lengthens its notes and does not end it', async () => {
    const s = stage({ settings: { seedBars: 2 } });
    s.clock(0, 3 * BAR);
    s.at(0, { type: 'cc', channel: 0, controller: 64, value: 127 });
    s.note(0, 48, 6);
    s.note(24, 55, 6);
    s.at(BAR + 48, { type: 'cc', channel: 0, controller: 64, value: 0 });
    await s.runTo(2 * BAR + 1);
    expect(s.engine.seed?.bars).toBe(2);
    expect(s.engine.seed?.score.tracks[0].notes.map((n) => [n.pitch, n.start, n.duration])).toEqual([[48, 0, 72], [55, 12, 60]]);
  });

  it('a pickup: the seed starts on the bar line after it and keeps the phrase\'s bars', async () => {
    const s = stage();
    s.clock(0, 4 * BAR);
    s.note(BAR - 12, 59, 10);
    s.note(BAR, 60, 12);
    s.note(3 * BAR - 24, 67, 12);
    await s.runTo(3 * BAR + 1);
    expect(s.engine.seed).toMatchObject({ startTick: BAR, endTick: 3 * BAR });
    expect(seedPitches(s.engine)).toEqual([60, 67]);
  });

  it('--count-in: a bar is counted in (the TUI shows the beats left), then the seed starts on its bar line', async () => {
    const s = stage({ countIn: true });
    s.clock(0, 4 * BAR);
    s.note(30, 48, 12); // noodling in the count-in bar
    s.note(BAR, 60, 12);
    await s.runTo(50);
    expect(s.engine.snapshot().state).toEqual({ kind: 'armed', countIn: 2 });
    await s.runTo(3 * BAR);
    expect(s.engine.seed).toMatchObject({ startTick: BAR, endTick: 3 * BAR });
    expect(seedPitches(s.engine)).toEqual([60]);
  });

  it('Song Position while running relocates: the loop continues on its grid, nothing left sounding', async () => {
    const s = stage();
    s.clock(0, 5 * BAR + 40);
    s.note(0, 60, 12);
    await s.runTo(5 * BAR + 30);
    // Logic's cycle jumps back to bar 2 (tick 96) while running
    s.shift((5 * BAR + 40) * P - BAR * P); // pulses from here on are numbered from 96 again
    s.at(BAR - 0.5, { type: 'songPosition', sixteenths: 16 }, s.daw);
    s.clock(BAR, 3 * BAR, null);
    await s.runTo(3 * BAR - 1);
    expect(s.engine.snapshot().clock.tick).toBe(3 * BAR - 1);
    const after = s.rec.notes().filter((n) => n.time > s.scheduler.now() - 2 * BAR * P + 5);
    const loopOns = after.filter((n) => n.on);
    expect(loopOns.length).toBeGreaterThan(0);
    // the loop started at 3*BAR (2 bars long): tick 96 is its grid position 0 too
    const v = s.engine.loop.current!;
    expect((BAR - s.engine.loop.origin) % v.length).toBe(0);
    await s.engine.quit();
    expect(s.rec.stuckNotes).toBe(0);
  });

  it('a dropout: short, the count jumps; past the timeout, it stops and resumes on the grid', async () => {
    const s = stage();
    s.clock(0, 4 * BAR);
    s.note(0, 60, 12);
    await s.runTo(4 * BAR - 1);
    // 250 ms of silence (12 pulses), the DAW going on meanwhile
    s.clock(4 * BAR + 12, 6 * BAR, null);
    await s.runTo(4 * BAR + 20);
    expect(s.engine.snapshot().clock.tick).toBe(4 * BAR + 20);
    expect(s.engine.clock.running).toBe(true);
    // a cable pulled for 1.5 s: a stop after the timeout, notes off, then it comes back
    s.clock(6 * BAR + 72, 8 * BAR, null);
    await s.runTo(6 * BAR + 40);
    expect(s.engine.clock.running).toBe(false);
    expect(s.rec.stuckNotes).toBe(0);
    await s.runTo(7 * BAR);
    expect(s.engine.clock.running).toBe(true);
    expect(s.engine.snapshot().clock.tick).toBe(7 * BAR);
    const loopOn = ons(s).filter((n) => n.time > s.scheduler.now() - 20 * P);
    expect(loopOn.length).toBeGreaterThan(0); // playing again, on the loop's grid (origin + k * length)
    expect((7 * BAR - s.engine.loop.origin) % s.engine.loop.current!.length).toBe(0);
    await s.engine.quit();
    expect(s.rec.stuckNotes).toBe(0);
  });

  it('the loop starts on the bar line right after the seed, the seed standing in for bars not made yet', async () => {
    const generator = new ScriptedGenerator(false);
    const s = stage({ loopStart: 'seed', generator });
    s.clock(0, 6 * BAR);
    s.note(0, 60, 12);
    s.note(BAR + 48, 62, 12);
    await s.runTo(2 * BAR + 2);
    const at = () => ons(s).map((n) => [n.pitch, Math.round((n.time - 10) / P)]);
    expect(at()).toEqual([[60, 2 * BAR]]); // loop bar 0: the seed's bar 0, at once
    await s.runTo(3 * BAR + 60);
    expect(at()).toEqual([[60, 2 * BAR], [62, 3 * BAR + 48]]); // bar 1: the seed's too
    generator.release(2);
    await s.runTo(6 * BAR - 1);
    const generated = ons(s).filter((n) => n.time >= 10 + 4 * BAR * P);
    expect(generated.length).toBe(8); // the second pass is all generated: a note per quarter
    expect(generated.map((n) => n.pitch)).toEqual(s.engine.loop.current!.events().map((e) => e.pitch));
    await s.engine.quit();
    expect(s.rec.stuckNotes).toBe(0);
  });
});
