// `seedloop live --demo`: the whole live path with no hardware. A simulated DAW sends clock with
// jitter, a simulated keyboard plays a built-in seed, the engine captures, generates and loops, and
// a recorder on the output port measures lateness and stuck notes. --record is the engine's own, as live.
import { RealtimeScheduler, type Scheduler } from '../clock/scheduler.ts';
import { UserError } from '../errors.ts';
import { FOUR_FOUR, TICKS_PER_BEAT, ticksPerBar, type Meter } from '../clock/meter.ts';
import type { PerformOptions } from '../live/perform.ts';
import { createLoopback } from '../midi/loopback.ts';
import { LiveEngine, type EngineOptions, type PresetStore } from '../live/engine.ts';
import type { LoopGenerator } from '../live/generation.ts';
import { percentiles } from '../live/output.ts';
import type { DemoResult } from '../live/threadProtocol.ts';
import type { BridgeSettings } from '../live/types.ts';
import { DEMO_SEED, Recorder, SimulatedDaw, fitSeed, playSeed } from './sim.ts';

export type { DemoResult };

export interface DemoOptions {
  generator: LoopGenerator;
  modelName?: string;
  bpm?: number;
  meter?: Meter; // 4/4 when absent
  loops?: number; // passes of the loop before the demo ends
  jitterMs?: number;
  settings?: Partial<BridgeSettings>;
  candidates?: number;
  presets?: PresetStore;
  settingsFile?: string | null;
  perform?: PerformOptions; // --record (the engine's session recorder), --export-dir, program change
  tempoChange?: boolean; // nudge the DAW tempo +4% once the loop plays, to measure tempo following
  scheduler?: Scheduler;
  /** Called once the engine exists (the CLI attaches the TUI or log lines here). */
  onEngine?: (engine: LiveEngine) => void;
  engineOptions?: Partial<EngineOptions>;
}

export async function runLiveDemo(opts: DemoOptions): Promise<DemoResult> {
  const scheduler = opts.scheduler ?? new RealtimeScheduler();
  const ports = createLoopback(() => scheduler.now());
  const bpm = opts.bpm ?? 120;
  const meter = opts.meter ?? FOUR_FOUR;
  const bar = ticksPerBar(meter);
  const engine = new LiveEngine({
    scheduler,
    input: ports.input,
    output: ports.output,
    generator: opts.generator,
    modelName: opts.modelName,
    internalClock: false,
    settingsFile: opts.settingsFile ?? null,
    presets: opts.presets,
    candidates: opts.candidates,
    groove: { source: 'off', template: null }, // the demo times the clock path: each note against its tick
    settings: { seedBars: 2, changeEvery: 1, ...opts.settings },
    meter,
    perform: opts.perform,
    ...opts.engineOptions,
  });
  const daw = new SimulatedDaw(scheduler, ports.input, bpm, opts.jitterMs ?? 0.5);
  const recorder = new Recorder(scheduler, ports.output, daw, engine.settings.latencyMs);
  opts.onEngine?.(engine);
  const began = scheduler.now();
  daw.start(0, 100);
  const seed = fitSeed(DEMO_SEED, (engine.settings.seedBars * bar) / TICKS_PER_BEAT);
  playSeed(scheduler, ports.input, (t) => daw.gridTime(t), seed, bar); // after one bar of count-in

  let tempoErrorPct: number | null = null;
  let tempoChangedAt: number | null = null;
  const loops = opts.loops ?? 2;
  await new Promise<void>((resolve) => {
    const poll = () => {
      if (engine.stopped || engine.loop.passes >= loops) return resolve();
      if (opts.tempoChange !== false && engine.loop.current && tempoChangedAt === null) {
        tempoChangedAt = daw.nextTick;
        daw.setBpm(bpm * 1.04);
      }
      if (tempoChangedAt !== null && tempoErrorPct === null && daw.lastTick >= tempoChangedAt + bar) {
        tempoErrorPct = Math.abs(engine.clock.bpm() / daw.bpm - 1) * 100;
      }
      scheduler.at(scheduler.now() + 50, poll);
    };
    poll();
  });
  if (daw.running) daw.stop(); // Stop from the DAW: the engine silences everything
  await engine.quit();
  if (engine.performing.recordError) throw new UserError(engine.performing.recordError);
  const late = percentiles(recorder.lateness);
  const result: DemoResult = {
    loops: engine.loop.passes,
    notesOut: engine.stats.notesOut,
    events: recorder.lateness.length,
    p50Ms: late.p50,
    p99Ms: late.p99,
    maxMs: late.max,
    stuckNotes: recorder.stuckNotes,
    tempoErrorPct,
    durationMs: scheduler.now() - began,
  };
  if (opts.perform?.record) result.recorded = opts.perform.record; // written by the engine as it stopped
  return result;
}

export function formatDemoResult(r: DemoResult): string {
  const tempo = r.tempoErrorPct === null ? 'n/a' : `${r.tempoErrorPct.toFixed(3)}%`;
  return (
    `demo: ${r.loops} loops, ${r.notesOut} notes out in ${(r.durationMs / 1000).toFixed(1)} s; ` +
    `lateness p50 ${r.p50Ms.toFixed(3)} ms, p99 ${r.p99Ms.toFixed(3)} ms, max ${r.maxMs.toFixed(3)} ms; ` +
    `tempo error one bar after a change ${tempo}; stuck notes ${r.stuckNotes}` +
    (r.recorded ? `; recorded ${r.recorded}` : '')
  );
}
