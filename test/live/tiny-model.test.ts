// The live path with the tiny ONNX model in its worker (virtual clock time, real generation time):
// seed -> worker (encode, generate, decode) -> notes per bar -> loop on the output port.
import { describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/clock/scheduler.ts';
import { createLoopback } from '../../src/midi/loopback.ts';
import { LiveEngine } from '../../src/live/engine.ts';
import { Generator } from '../../src/model/generator.ts';
import { DEMO_SEED, Recorder, SimulatedDaw, playSeed } from '../../src/harness/sim.ts';

const PASS = 2 * 96; // two bars of 4/4
// the base-vocabulary fixture, and the BPE one (learned ids from seed to loop)
const MODELS = [['tiny model', 'tiny-model'], ['tiny BPE model', 'tiny-bpe-model']] as const;

describe.each(MODELS)('live bridge with the %s', (_, fixture) => {
  it('captures a seed, generates in the worker, plays every note of the loop on its tick, pass after pass', async () => {
    const generator = await Generator.open(new URL(`../fixtures/${fixture}/`, import.meta.url).pathname, { device: 'cpu', threads: 1 });
    expect(generator.gridPerBeat).toBe(12); // the worker's tokenizer: the seed is captured on its grid
    const scheduler = new ManualScheduler(0);
    const ports = createLoopback(() => scheduler.now());
    const engine = new LiveEngine({
      scheduler, input: ports.input, output: ports.output, generator,
      internalClock: false, settingsFile: null, rngSeed: 3, groove: { source: 'off', template: null },
      loopStart: 'ready', // every note out is then the model's; the seed fill has its own tests
      settings: { changeEvery: 0, seedBars: 2, loopBars: 2, sampler: { temperature: 1, topK: 0, topP: 1, minP: 0, repetitionPenalty: 1 } },
    });
    const daw = new SimulatedDaw(scheduler, ports.input, 120, 0.5);
    const rec = new Recorder(scheduler, ports.output, daw);
    daw.start();
    playSeed(scheduler, ports.input, (t) => daw.gridTime(t), DEMO_SEED, 0);
    // Virtual time moves one clock tick per event-loop turn; while the worker generates (real time),
    // turns yield to it for a millisecond or two.
    const started = Date.now();
    while (engine.loop.passes < 4 && Date.now() - started < 45_000) {
      scheduler.advance(daw.msPerTick());
      await new Promise((r) => setTimeout(r, engine.loop.current?.complete ? 0 : 2));
    }
    expect(engine.loop.passes).toBe(4);
    expect(engine.seed?.bars).toBe(2);
    const loop = engine.snapshot().loop!;
    expect(loop.bars).toBe(2);
    expect(loop.notes.length).toBeGreaterThan(0); // rng seed 3 gives this model a loop with notes
    const origin = engine.loop.origin;
    expect(origin % 96).toBe(0); // passes begin on bar lines
    // The loop as the player starts it: one on per (tick, pitch), in clock ticks from the loop start.
    const expected = [...new Set(loop.notes.map((n) => `${Math.round(n.start * 24)}:${n.pitch}`))].sort();
    // The two passes before this one (the loop was whole by then) sent exactly those notes, each on its tick.
    const ons = rec.notes().filter((n) => n.on);
    for (const from of [origin - 2 * PASS, origin - PASS]) {
      const sent = ons.filter((n) => n.tick >= from && n.tick < from + PASS).map((n) => `${n.tick - from}:${n.pitch}`);
      expect(sent.sort()).toEqual(expected);
    }
    await engine.quit();
    expect(rec.stuckNotes).toBe(0);
  }, 60_000);
});
