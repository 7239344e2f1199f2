// A whole live rig in virtual time: loopback ports, a simulated DAW and keyboard, the engine with
// a scripted model behind the real loop codec, and a recorder on the output.
import { ManualScheduler } from '../../src/clock/scheduler.ts';
import { TICKS_PER_BEAT, ticksPerBar } from '../../src/clock/meter.ts';
import { createLoopback } from '../../src/midi/loopback.ts';
import { LiveEngine, type EngineOptions } from '../../src/live/engine.ts';
import { DEMO_SEED, Recorder, SimulatedDaw, playSeed } from '../../src/harness/sim.ts';
import { ScriptedGenerator } from './doubles.ts';

export function rig(opts: Partial<EngineOptions> & { jitterMs?: number; autoGenerate?: boolean } = {}) {
  const scheduler = new ManualScheduler(0);
  const ports = createLoopback(() => scheduler.now());
  const generator = new ScriptedGenerator(opts.autoGenerate ?? true, ticksPerBar(opts.meter) / TICKS_PER_BEAT);
  const engine = new LiveEngine({
    scheduler,
    input: ports.input,
    output: ports.output,
    generator,
    internalClock: false,
    settingsFile: null,
    loopStart: 'ready', // these tests time the loop from its first generated bar; the seed fill has its own
    groove: { source: 'off', template: null }, // these tests time the clock path: every note on its tick
    ...opts,
    settings: { seedBars: 2, loopBars: 2, changeEvery: 0, ...opts.settings },
  });
  const daw = new SimulatedDaw(scheduler, ports.input, 120, opts.jitterMs ?? 0.5);
  const recorder = new Recorder(scheduler, ports.output, daw, opts.settings?.latencyMs ?? 0);
  /** Advance virtual time in small steps, letting promises (generation) settle between them. */
  async function runFor(ms: number, stepMs = 5): Promise<void> {
    const end = scheduler.now() + ms;
    while (scheduler.now() < end) {
      scheduler.advanceTo(Math.min(end, scheduler.now() + stepMs));
      await new Promise((r) => setImmediate(r));
    }
  }
  /** Run until the DAW has sent tick `tick`. */
  async function runToTick(tick: number): Promise<void> {
    while (daw.lastTick < tick) await runFor(5);
  }
  const playDemoSeed = (startTick: number, notes = DEMO_SEED) => playSeed(scheduler, ports.input, (t) => daw.gridTime(t), notes, startTick);
  return { scheduler, ports, generator, engine, daw, recorder, runFor, runToTick, playDemoSeed };
}

/** Wait (real time) for something done off the event loop, such as a file write. */
export async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
