// The timing thread: the engine, its MIDI ports, the clock and (for --demo) the simulated DAW run here,
// in their own event loop, so screen rendering and worker traffic on the main thread never delay a note.
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { RealtimeScheduler } from '../clock/scheduler.ts';
import { openNativeTransport } from '../midi/native.ts';
import { UserError } from '../errors.ts';
import { loadPreset, savePreset } from '../sampling/presets.ts';
import { LiveEngine, type PresetStore } from './engine.ts';
import { runLiveDemo } from './demo.ts';
import { checkModelMeter, openLiveModel, pickModelDir } from './model.ts';
import { raiseTimingPriority } from './priority.ts';
import type { EngineThreadConfig, FromEngineThread, ToEngineThread } from './threadProtocol.ts';
import type { EngineSnapshot } from './types.ts';

const config = workerData.config as EngineThreadConfig;
const stopFlag = new Int32Array(workerData.stopFlag as SharedArrayBuffer);
const port = parentPort!;
const post = (m: FromEngineThread) => port.postMessage(m);
const presets: PresetStore = { load: (name) => loadPreset(name), save: (name, data) => savePreset(name, data) };

/** This thread's own id, so only it (not the generation worker) gets the raised priority. */
function threadId(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}

let current: LiveEngine | null = null;

// A crash in the timing thread still sends every note-off before it is reported.
process.on('uncaughtException', (err) => {
  current?.stopNow();
  post({ type: 'error', message: err instanceof Error ? err.message : String(err), user: false });
});

function attach(engine: LiveEngine): void {
  current = engine;
  // Snapshots are built here at most `snapshotsPerSecond` times (allocation means GC pauses in this
  // thread), except right away for what a reader must not miss: state changes, status, the stop.
  const minGap = 1000 / (config.snapshotsPerSecond ?? 20);
  let last = 0;
  let timer: NodeJS.Timeout | null = null;
  let kind = '';
  let status: unknown = null;
  const send = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    last = Date.now();
    const s = engine.snapshot();
    kind = s.state.kind;
    status = engine.status;
    post({ type: 'snapshot', snapshot: s });
  };
  engine.onChange(() => {
    if (engine.stopped || engine.status !== status || (engine.running ? kind === 'stopped' : kind !== 'stopped')) {
      setImmediate(send);
    } else if (!timer) {
      timer = setTimeout(send, Math.max(0, minGap - (Date.now() - last)));
    }
  });
  // The stopped snapshot comes from quit(), through subscribe.
  engine.subscribe((s) => s.stopped && post({ type: 'snapshot', snapshot: s }));
  port.on('message', (m: ToEngineThread) => {
    if (m.type === 'command') engine.send(m.command);
    else if (m.type === 'stopNow') {
      engine.stopNow();
      Atomics.store(stopFlag, 0, 1);
      Atomics.notify(stopFlag, 0);
      void engine.quit(); // then close the generator and ports, and report done
    }
  });
  post({ type: 'ready', snapshot: engine.snapshot() });
}

/** SEEDLOOP_TRACE=1: GC pauses in this thread, on stderr (to tell a collector pause from a busy host). */
async function traceGc(): Promise<void> {
  if (!process.env.SEEDLOOP_TRACE) return;
  const { PerformanceObserver } = await import('node:perf_hooks');
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration > 1) process.stderr.write(`timing thread gc ${e.duration.toFixed(1)} ms at ${e.startTime.toFixed(0)} kind ${(e as unknown as { detail?: { kind?: number } }).detail?.kind}\n`);
  }).observe({ entryTypes: ['gc'] });
}

async function main(): Promise<void> {
  await traceGc();
  const dir = pickModelDir(config.modelDir, config.demo);
  await checkModelMeter(dir, config.meter); // a bad setting is reported even where the MIDI ports would fail too
  const transport = config.demo ? null : await openNativeTransport();
  const model = await openLiveModel(dir, { device: config.device, threads: config.threads, meter: config.meter });
  const priority = config.priority ? raiseTimingPriority(threadId()) : 'normal priority';
  const common = {
    generator: model.generator,
    tokenizer: model.tokenizer,
    modelName: model.name,
    settings: config.settings,
    candidates: config.candidates,
    presets,
    settingsFile: config.settingsFile,
    meter: config.meter,
  };
  if (config.demo) {
    const result = await runLiveDemo({
      ...common,
      bpm: config.bpm,
      loops: config.loops,
      jitterMs: config.jitterMs,
      record: config.record,
      onEngine: (engine) => {
        attach(engine);
        engine.setStatus('info', priority);
      },
    });
    post({ type: 'done', result: { ...result, priority, model: model.name, provider: model.generator.provider } });
    return;
  }
  const scheduler = new RealtimeScheduler();
  const engine = new LiveEngine({
    ...common,
    scheduler,
    input: transport!.openInput(config.in),
    output: transport!.openOutput(config.out),
    bpm: config.bpm,
    clockOut: config.clockOut,
  });
  attach(engine);
  engine.setStatus('info', priority);
  await new Promise<void>((resolve) => engine.subscribe((s) => s.stopped && resolve()));
  scheduler.clear();
  post({ type: 'done', result: null });
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  post({ type: 'error', message, user: err instanceof UserError });
});
