// What every timing-thread entry shares (the real bridge in threadMain.ts, the demo in
// src/harness/demoThread.ts): the config, the message port, the model in its worker, snapshots
// out and commands in, and the stop flag a signal handler on the main thread waits on.
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import { Generator } from '../model/generator.ts';
import { resolveModelDir } from '../model/manifest.ts';
import { loadPreset, savePreset } from '../sampling/presets.ts';
import type { PresetStore } from './controls.ts';
import type { LiveEngine } from './engine.ts';
import { raiseTimingPriority } from './priority.ts';
import type { EngineThreadConfig, FromEngineThread, ToEngineThread } from './threadProtocol.ts';

export const config = workerData.config as EngineThreadConfig;
const stopFlag = new Int32Array(workerData.stopFlag as SharedArrayBuffer);
const port = parentPort!;
export const post = (m: FromEngineThread) => port.postMessage(m);
export const presets: PresetStore = { load: (name) => loadPreset(name), save: (name, data) => savePreset(name, data) };

let current: LiveEngine | null = null;

/** The model in its worker: it loads the tokenizer (once) and refuses a meter it cannot write. */
export function openModel(): Promise<Generator> {
  return Generator.open(resolveModelDir(config.modelDir), { device: config.device, threads: config.threads, meter: config.meter });
}

/** This thread's own id, so only it (not the generation worker) gets the raised priority. */
function threadId(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}

/** The engine options every entry takes from the config as they are (the bridge adds ports and routing). */
export function engineBasics(generator: Generator) {
  const { settings, candidates, settingsFile, meter, bpm, perform } = config;
  return { generator, modelName: generator.manifest.name, settings, candidates, presets, settingsFile, meter, bpm, perform };
}

export function raisePriority(): string {
  return config.priority ? raiseTimingPriority(threadId()) : 'normal priority';
}

/** Snapshots out (at most `snapshotsPerSecond`), commands and the synchronous stop in. */
export function attach(engine: LiveEngine): void {
  current = engine;
  // Snapshots are built here at most `snapshotsPerSecond` times (allocation means GC pauses in this
  // thread), except right away for what a reader must not miss: state changes, status, the stop.
  const minGap = 1000 / (config.snapshotsPerSecond ?? 20);
  let last = 0;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let status: unknown = null;
  const send = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    last = Date.now();
    const s = engine.snapshot();
    running = s.clock.running;
    status = engine.status;
    post({ type: 'snapshot', snapshot: s });
  };
  engine.onChange(() => {
    if (engine.stopped || engine.status !== status || engine.clock.running !== running) {
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

/** Run an entry's main; a crash still sends every note-off before it is reported. */
export function runThread(main: () => Promise<void>): void {
  process.on('uncaughtException', (err) => {
    current?.stopNow();
    post({ type: 'error', message: err instanceof Error ? err.message : String(err), user: false });
  });
  traceGc()
    .then(main)
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      post({ type: 'error', message, user: err instanceof UserError });
    });
}
