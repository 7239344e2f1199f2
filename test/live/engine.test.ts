import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rig } from './rig.ts';
import { LiveEngine } from '../../src/live/engine.ts';
import { ManualScheduler } from '../../src/clock/scheduler.ts';
import { createLoopback } from '../../src/midi/loopback.ts';
import { Recorder, playSeed, DEMO_SEED, fitSeed } from '../../src/harness/sim.ts';
import { ScriptedGenerator } from './doubles.ts';

const BAR = 96;

describe('live engine, external clock', () => {
  it('captures the seed in time, starts the loop on the first bar line after it, and repeats it exactly', async () => {
    const r = rig();
    r.daw.start();
    r.playDemoSeed(BAR); // keyboard plays bars 2-3
    await r.runToTick(2 * BAR);
    expect(r.engine.snapshot().state.kind).toBe('capturing');
    await r.runToTick(3 * BAR + 10);
    const snap = r.engine.snapshot();
    expect(snap.seed?.bars).toBe(2);
    expect(snap.seed?.notes[0]).toEqual({ pitch: 60, start: 0, duration: 0.5, velocity: 96 });
    expect(snap.seed?.notes.find((n) => n.pitch === 65)?.start).toBeCloseTo(3 + 1 / 3, 5); // the triplet, on the grid
    // seed ended at tick 288 (bar line); generation starts then, so the loop starts at the next bar line
    expect(r.generator.requests[0].seedIds.slice(0, 2)).toEqual([1, 3]);
    await r.runToTick(4 * BAR + 2 * 2 * BAR + 5); // three passes of the 2-bar loop
    const ons = r.recorder.notes().filter((n) => n.on);
    expect(ons[0].tick).toBe(4 * BAR);
    expect(r.engine.snapshot().state).toEqual({ kind: 'playing', variant: 1 });
    const pass = (k: number) => ons.filter((n) => n.tick >= 4 * BAR + k * 192 && n.tick < 4 * BAR + (k + 1) * 192).map((n) => [n.tick - k * 192, n.pitch]);
    expect(pass(0).length).toBeGreaterThan(4);
    expect(pass(1)).toEqual(pass(0));
    // every event goes out the moment its tick arrives (virtual time: exactly)
    expect(Math.max(...r.recorder.lateness)).toBe(0);
    await r.engine.quit();
    expect(r.recorder.stuckNotes).toBe(0);
    expect(r.generator.closed).toBe(true);
    expect(r.engine.snapshot().stopped).toBe(true);
  });

  it('swaps a regenerated variant in exactly at the loop boundary, with no note left over', async () => {
    const r = rig();
    r.daw.start();
    r.playDemoSeed(0);
    await r.runToTick(3 * BAR + 30); // loop started at 3*BAR (seed ended at 2*BAR)
    r.engine.send({ type: 'regenerate' });
    await r.runFor(1);
    expect(r.engine.snapshot().next?.ready).toBe(true);
    await r.runToTick(5 * BAR + 40);
    const notes = r.recorder.notes();
    const boundary = 5 * BAR;
    expect(r.engine.snapshot().loop?.variant).toBe(2);
    const before = notes.filter((n) => n.tick < boundary || (n.tick === boundary && !n.on));
    const sounding = new Set<number>();
    for (const n of before) n.on ? sounding.add(n.pitch) : sounding.delete(n.pitch);
    expect(sounding.size).toBe(0); // the old variant's notes all ended by the boundary
    expect(notes.some((n) => n.on && n.tick === boundary)).toBe(true); // the new one starts on it
    expect(r.generator.requests[1].seedIds).toEqual(r.generator.requests[0].seedIds); // regenerate = from the seed
    r.engine.send({ type: 'mutate' });
    await r.runFor(1);
    expect(r.engine.snapshot().loop?.variant).toBe(2);
    expect(r.generator.requests[2].seedIds.slice(1)).toEqual(r.generator.results[1].ids); // mutate = from the loop playing (variant 2)
  });

  it('a regenerate while the first variant still streams lets that loop finish, then swaps', async () => {
    const r = rig({ autoGenerate: false });
    r.daw.start();
    r.playDemoSeed(0);
    await r.runToTick(2 * BAR + 10);
    r.generator.release(1); // bar 0 of the first variant: the loop starts at 3*BAR
    await r.runToTick(3 * BAR + 5);
    expect(r.engine.snapshot().state.kind).toBe('playing');
    r.engine.send({ type: 'regenerate' });
    r.generator.release(1); // bar 1 still goes to the first variant
    await r.runToTick(4 * BAR + 5);
    expect(r.engine.loop.current!.complete).toBe(true);
    const bar1 = r.recorder.notes().filter((n) => n.on && n.tick >= 4 * BAR);
    expect(bar1.length).toBeGreaterThan(0); // not silenced by the regenerate
    r.generator.release(2); // now the regenerated variant
    await r.runToTick(5 * BAR + 5);
    expect(r.engine.snapshot().loop?.variant).toBe(2);
    expect(r.engine.loop.origin).toBe(5 * BAR);
  });

  it('Stop sends every note-off at once; Continue resumes on the next bar line; Start restarts the loop', async () => {
    const r = rig();
    r.daw.start();
    r.playDemoSeed(0);
    await r.runToTick(3 * BAR + 2); // the first notes of the loop are sounding
    expect(r.engine.stats.hanging).toBeGreaterThan(0);
    r.daw.stop();
    expect(r.recorder.stuckNotes).toBe(0);
    expect(r.engine.snapshot().state.kind).toBe('stopped');
    r.daw.start(3 * BAR + 48); // SPP to mid-bar, Continue
    await r.runFor(BAR * 21);
    const resumed = r.recorder.notes().filter((n) => n.on && n.time > r.scheduler.now() - BAR * 21);
    expect(resumed[0].tick).toBe(4 * BAR); // silent until the next bar line: never a partial bar
    r.daw.stop();
    r.daw.start();
    await r.runFor(30);
    const restarted = r.recorder.notes().filter((n) => n.on);
    expect(restarted[restarted.length - 1].tick).toBe(0); // loop bar 1 at song bar 1
  });

  it('a clock that goes silent (cable pulled) stops the notes', async () => {
    const r = rig();
    r.daw.start();
    r.playDemoSeed(0);
    await r.runToTick(3 * BAR + 2);
    expect(r.engine.stats.hanging).toBeGreaterThan(0);
    (r.daw as unknown as { running: boolean }).running = false; // no Stop, just silence
    await r.runFor(1000, 50);
    expect(r.recorder.stuckNotes).toBe(0);
    expect(r.engine.snapshot().status?.message).toMatch(/clock stopped/);
  });

  it('follows a tempo change to within 0.1% in one bar', async () => {
    const r = rig();
    r.daw.start();
    await r.runToTick(2 * BAR);
    expect(Math.abs(r.engine.clock.bpm() / 120 - 1)).toBeLessThan(0.001);
    r.daw.setBpm(133);
    await r.runToTick(3 * BAR + 1);
    for (let i = 0; i < 96; i++) {
      await r.runFor(5);
      expect(Math.abs(r.engine.clock.bpm() / 133 - 1)).toBeLessThan(0.001);
    }
  });

  it('applies the latency offset: later by timer, earlier by looking ahead on the tempo estimate', async () => {
    for (const latencyMs of [12, -30]) {
      const r = rig({ settings: { latencyMs }, jitterMs: 0.3 });
      r.daw.start();
      r.playDemoSeed(0);
      await r.runToTick(6 * BAR);
      const ons = r.recorder.notes().filter((n) => n.on);
      expect(ons.length).toBeGreaterThan(8);
      for (const n of ons) {
        const ideal = r.daw.gridTime(Math.round((n.time - latencyMs - 10) / r.daw.msPerTick())) + latencyMs;
        expect(Math.abs(n.time - ideal)).toBeLessThan(1.5); // jitter of the clock itself is +-0.3 ms
      }
      await r.engine.quit();
      expect(r.recorder.stuckNotes).toBe(0);
    }
  });

  it('panic sends offs and CC 123 on all 16 channels; rearm forgets the seed', async () => {
    const r = rig();
    r.daw.start();
    r.playDemoSeed(0);
    await r.runToTick(3 * BAR + 2);
    r.engine.send({ type: 'panic' });
    expect(r.recorder.stuckNotes).toBe(0);
    const cc123 = r.recorder.events.filter((e) => e.message.type === 'cc' && e.message.controller === 123);
    expect(cc123.length).toBe(16);
    r.engine.send({ type: 'rearm' });
    expect(r.engine.snapshot().state.kind).toBe('armed');
    expect(r.engine.snapshot().seed).toBeNull();
  });

  it('plays on the output channel setting', async () => {
    const r = rig({ settings: { channel: 10 } });
    r.daw.start();
    r.playDemoSeed(0);
    await r.runToTick(4 * BAR);
    const notes = r.recorder.notes();
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((n) => n.channel === 9)).toBe(true);
  });

  it('reports a vanished output port instead of crashing', async () => {
    const r = rig();
    r.daw.start();
    r.playDemoSeed(0);
    await r.runToTick(3 * BAR + 2);
    r.ports.output.disconnect();
    await r.runFor(600);
    expect(r.engine.snapshot().status).toMatchObject({ level: 'error', message: expect.stringMatching(/is gone/) });
  });
});

describe('live engine, internal clock and MIDI learn', () => {
  it('a DAW clock taking over mid-seed drops the half-captured seed and says whose clock it follows', async () => {
    const scheduler = new ManualScheduler(0);
    const ports = createLoopback(() => scheduler.now());
    const engine = new LiveEngine({ scheduler, input: ports.input, output: ports.output, generator: new ScriptedGenerator(), settingsFile: null, settings: { seedBars: 2 } });
    scheduler.advance(100);
    ports.input.send({ type: 'noteOn', channel: 0, note: 60, velocity: 90 });
    scheduler.advance(500);
    expect(engine.snapshot().state.kind).toBe('capturing');
    ports.input.send({ type: 'start' });
    const snap = engine.snapshot();
    expect(snap.clock).toMatchObject({ source: 'external', running: true });
    expect(snap.state.kind).toBe('armed');
    expect(snap.status?.message).toBe('following external MIDI clock');
    engine.stopNow();
  });

  it('runs its own clock, sends it out, and binds a knob to temperature (saved in the settings file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seedloop-learn-'));
    const settingsFile = join(dir, 'settings.json');
    const scheduler = new ManualScheduler(0);
    const ports = createLoopback(() => scheduler.now());
    const make = () =>
      new LiveEngine({
        scheduler, input: ports.input, output: ports.output,
        generator: new ScriptedGenerator(), bpm: 100, clockOut: true, settingsFile,
        settings: { seedBars: 1, loopBars: 1 },
      });
    const engine = make();
    const rec = new Recorder(scheduler, ports.output, null);
    playSeed(scheduler, ports.input, (t) => engine.clock.timeOf(t), DEMO_SEED.slice(0, 4), 96);
    for (let i = 0; i < 500; i++) {
      scheduler.advance(20);
      await new Promise((r) => setImmediate(r));
    }
    const snap = engine.snapshot();
    expect(snap.clock).toMatchObject({ source: 'internal', bpm: 100, running: true });
    expect(rec.events.filter((e) => e.message.type === 'clock').length).toBeGreaterThan(300);
    expect(snap.state.kind).toBe('playing');
    engine.send({ type: 'learn', target: 'temperature' });
    expect(engine.snapshot().learn.armedFor).toBe('temperature');
    ports.input.send({ type: 'cc', channel: 1, controller: 21, value: 0 });
    expect(engine.snapshot().learn.bindings).toEqual([{ cc: 21, channel: 2, target: 'temperature' }]);
    ports.input.send({ type: 'cc', channel: 1, controller: 21, value: 127 });
    expect(engine.snapshot().settings.sampler.temperature).toBe(2);
    expect(JSON.parse(readFileSync(settingsFile, 'utf8')).bindings).toHaveLength(1);
    await engine.quit();
    expect(rec.stuckNotes).toBe(0);
    expect(rec.events[rec.events.length - 1].message.type).toBe('stop');
    const again = make();
    expect(again.snapshot().learn.bindings).toEqual([{ cc: 21, channel: 2, target: 'temperature' }]);
    again.stopNow();
  });
});

describe('live engine in 3/4', () => {
  it('captures on 72-tick bars, asks for 3/4 bars, loops two of them and shows 3/4 bar:beat', async () => {
    const BAR34 = 72;
    const r = rig({ meter: { beatsPerBar: 3, beatUnit: 4 } });
    r.daw.start();
    r.playDemoSeed(0, fitSeed(DEMO_SEED, 6)); // two bars of three quarters
    await r.runToTick(2 * BAR34 + 10);
    const seed = r.engine.seed!;
    expect(seed).toMatchObject({ startTick: 0, endTick: 144, bars: 2 });
    expect(seed.score.timeSignatures).toEqual([{ tick: 0, numerator: 3, denominator: 4 }]);
    expect(r.generator.requests[0].seedIds.filter((id) => id === 3)).toHaveLength(2); // two Bar tokens
    await r.runToTick(3 * BAR34 + 3 * 144 + 5); // three passes after the loop starts
    const ons = r.recorder.notes().filter((n) => n.on);
    expect(ons[0].tick).toBe(3 * BAR34); // the next 3/4 bar line after the seed (216: no 4/4 bar line)
    const pass = (k: number) => ons.filter((n) => n.tick >= 216 + k * 144 && n.tick < 216 + (k + 1) * 144).map((n) => [n.tick - k * 144, n.pitch]);
    expect(pass(0).map(([t]) => t)).toEqual([216, 240, 264, 288, 312, 336]); // a note per quarter, 3 per bar
    expect(pass(1)).toEqual(pass(0));
    expect(pass(2)).toEqual(pass(0));
    const snap = r.engine.snapshot();
    expect(snap.clock).toMatchObject({ bar: 10, beat: 1, beatsPerBar: 3, meter: '3/4' }); // tick 653 = 9 bars of 72 + 5
    expect(snap.loop!.bars).toBe(2);
    expect(Math.max(...snap.loop!.notes.map((n) => n.start))).toBe(5); // beats 0..5 of two 3-beat bars
    await r.engine.quit();
    expect(r.recorder.stuckNotes).toBe(0);
  });
});
