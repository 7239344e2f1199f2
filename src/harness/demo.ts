// `seedloop live --demo`: the whole live path with no hardware. A simulated DAW sends clock with
// jitter, a simulated keyboard plays a built-in seed, the engine captures, generates and loops, and
// a recorder on the output port measures lateness and stuck notes. Optionally writes a .mid.
import { UserError } from '../errors.ts';
import { writeFileAtomic } from '../io/files.ts';
import T from '@tonejs/midi';
import { RealtimeScheduler, type Scheduler } from '../clock/scheduler.ts';
import { FOUR_FOUR, TICKS_PER_BEAT, ticksPerBar, type Meter } from '../clock/meter.ts';
import { createLoopback } from '../midi/loopback.ts';
import { LiveEngine, type EngineOptions, type PresetStore } from '../live/engine.ts';
import type { LoopGenerator } from '../live/generation.ts';
import { percentiles } from '../live/output.ts';
import type { DemoResult } from '../live/threadProtocol.ts';
import type { BridgeSettings } from '../live/types.ts';
import { DEMO_SEED, Recorder, SimulatedDaw, fitSeed, playSeed } from './sim.ts';

const { Midi } = T;

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
  record?: string; // write the output port to this .mid
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
    autoVariantPasses: 1,
    groove: { source: 'off', template: null }, // the demo times the clock path: each note against its tick
    settings: { seedBars: 2, ...opts.settings },
    meter,
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
  if (opts.record) {
    try {
      writeFileAtomic(opts.record, recordingToMidi(recorder, bpm, meter));
    } catch (e) {
      throw new UserError(`--record ${opts.record}: cannot write it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    result.recorded = opts.record;
  }
  return result;
}

/** The output port as a standard MIDI file, at the DAW's clock positions (24 PPQN -> 480 PPQ), in the session's meter. */
export function recordingToMidi(recorder: Recorder, bpm: number, meter: Meter = FOUR_FOUR): Uint8Array {
  const midi = new Midi();
  midi.header.setTempo(bpm);
  midi.header.timeSignatures.push({ ticks: 0, timeSignature: [meter.beatsPerBar, meter.beatUnit] });
  const scale = midi.header.ppq / TICKS_PER_BEAT;
  const track = midi.addTrack();
  track.name = 'seedloop out';
  const open = new Map<number, { tick: number; velocity: number }>();
  for (const n of recorder.notes()) {
    const key = n.channel * 128 + n.pitch;
    if (n.on) open.set(key, { tick: Math.max(0, n.tick), velocity: n.velocity });
    else {
      const start = open.get(key);
      if (!start) continue;
      open.delete(key);
      track.channel = n.channel;
      track.addNote({
        midi: n.pitch,
        ticks: start.tick * scale,
        durationTicks: Math.max(1, (Math.max(n.tick, start.tick) - start.tick) * scale || scale),
        velocity: start.velocity / 127,
      });
    }
  }
  return midi.toArray();
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
