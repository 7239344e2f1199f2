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
import { openLiveModel, pickModelDir } from './model.ts';
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
  let last = 0;
  let timer: NodeJS.Timeout | null = null;
  let prev: EngineSnapshot | null = null;
  const minGap = 1000 / (config.snapshotsPerSecond ?? 30);
  const send = (s: EngineSnapshot) => {
    last = Date.now();
    prev = s;
    post({ type: 'snapshot', snapshot: s });
  };
  engine.subscribe((s) => {
    // Throttled, except what a reader must not miss: state changes, status lines, the stop.
    const important = !prev || prev.state.kind !== s.state.kind || prev.status !== s.status || s.stopped;
    if (important || Date.now() - last >= minGap) {
      if (timer) clearTimeout(timer);
      timer = null;
      send(s);
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        send(engine.snapshot());
      }, minGap);
    }
  });
  port.on('message', (m: ToEngineThread) => {
    if (m.type === 'command') engine.send(m.command);
    else if (m.type === 'stopNow') {
      engine.stopNow();
      Atomics.store(stopFlag, 0, 1);
      Atomics.notify(stopFlag, 0);
    }
  });
  post({ type: 'ready', snapshot: engine.snapshot() });
}

async function main(): Promise<void> {
  const transport = config.demo ? null : await openNativeTransport();
  const model = await openLiveModel(pickModelDir(config.modelDir, config.demo), { device: config.device, threads: config.threads });
  const priority = config.priority ? raiseTimingPriority(threadId()) : 'normal priority';
  const common = {
    generator: model.generator,
    tokenizer: model.tokenizer,
    modelName: model.name,
    settings: config.settings,
    candidates: config.candidates,
    presets,
    settingsFile: config.settingsFile,
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
