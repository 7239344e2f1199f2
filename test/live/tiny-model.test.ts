// The live path with the real tokenizer and the tiny ONNX model in its worker (virtual clock time,
// real generation time): seed -> ids -> streamed bars -> loop on the output port.
import { describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/clock/scheduler.ts';
import { createLoopback } from '../../src/midi/loopback.ts';
import { LiveEngine } from '../../src/live/engine.ts';
import { openLiveModel, TINY_MODEL_DIR } from '../../src/live/model.ts';
import { DEMO_SEED, Recorder, SimulatedDaw, playSeed } from '../../src/live/sim.ts';

describe('live bridge with the tiny model', () => {
  it('captures a seed, generates with the real model and tokenizer, loops on a bar line, leaves nothing hanging', async () => {
    const { generator, tokenizer } = await openLiveModel(TINY_MODEL_DIR, { device: 'cpu', threads: 1 });
    const scheduler = new ManualScheduler(0);
    const ports = createLoopback(() => scheduler.now());
    const engine = new LiveEngine({
      scheduler, input: ports.input, output: ports.output, tokenizer, generator,
      internalClock: false, settingsFile: null, autoVariantPasses: 0,
      settings: { seedBars: 2, loopBars: 2, sampler: { temperature: 1, topK: 0, topP: 1, minP: 0, repetitionPenalty: 1 } },
    });
    const daw = new SimulatedDaw(scheduler, ports.input, 120, 0.5);
    const rec = new Recorder(scheduler, ports.output, daw);
    daw.start();
    playSeed(scheduler, ports.input, (t) => daw.gridTime(t), DEMO_SEED, 0);
    // Virtual time moves one clock tick per event-loop turn; while the worker generates (real time),
    // turns yield to it for a millisecond or two.
    const started = Date.now();
    while (engine.player.passes < 2 && Date.now() - started < 45_000) {
      scheduler.advance(daw.msPerTick());
      await new Promise((r) => setTimeout(r, engine.snapshot().state.kind === 'generating' ? 2 : 0));
    }
    const seedIds = engine.seedIds;
    expect(seedIds[0]).toBe(tokenizer.specialId('BOS'));
    expect(seedIds.filter((id) => tokenizer.typeOf(id) === 'Bar')).toHaveLength(2);
    expect(engine.player.passes).toBeGreaterThanOrEqual(2);
    const loop = engine.snapshot().loop!;
    expect(loop.bars).toBe(2);
    const ons = rec.notes().filter((n) => n.on);
    expect(engine.player.origin % 96).toBe(0); // passes begin on bar lines
    // Every note sent sits on the loop's grid: its place in the pass is a note start of the loop.
    const starts = new Set(loop.notes.map((n) => Math.round(n.start * 24)));
    expect(ons.length).toBe(loop.notes.length === 0 ? 0 : ons.length);
    for (const n of ons) expect(starts.has((((n.tick - engine.player.origin) % 192) + 192) % 192)).toBe(true);
    await engine.quit();
    expect(rec.stuckNotes).toBe(0);
  }, 60_000);
});
