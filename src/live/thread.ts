// Main-thread side of the timing thread: an `Engine` for the TUI that forwards commands and keeps
// the latest snapshot, plus `stopNow()` that blocks until every note-off is out (for signal handlers).
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import type { EngineThreadConfig, FromEngineThread, ThreadDemoResult, ToEngineThread } from './threadProtocol.ts';
import type { Engine, EngineCommand, EngineSnapshot } from './types.ts';

function startTsWorker(file: URL, workerData: unknown): Worker {
  // Node 20 passes no loader hooks to workers: register tsx inside, then import the file.
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const boot = `import(${api}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); });`;
  // A roomier young generation: fewer scavenges, so fewer (and no longer) pauses in the timing thread.
  return new Worker(boot, { eval: true, workerData, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
}

export class EngineThread implements Engine {
  private latest: EngineSnapshot;
  private listeners = new Set<(s: EngineSnapshot) => void>();
  private stopFlag: Int32Array;
  /** Resolves when the engine has stopped (demo: with its timing figures). */
  readonly done: Promise<ThreadDemoResult | null>;

  private constructor(
    private worker: Worker,
    first: EngineSnapshot,
    stopFlag: Int32Array,
    done: Promise<ThreadDemoResult | null>,
  ) {
    this.latest = first;
    this.stopFlag = stopFlag;
    this.done = done;
    worker.on('message', (m: FromEngineThread) => {
      if (m.type !== 'snapshot') return;
      this.latest = m.snapshot;
      for (const l of [...this.listeners]) l(m.snapshot);
    });
  }

  static async start(config: EngineThreadConfig): Promise<EngineThread> {
    const flag = new SharedArrayBuffer(4);
    const worker = startTsWorker(new URL('./threadMain.ts', import.meta.url), { config, stopFlag: flag });
    let resolveDone!: (r: ThreadDemoResult | null) => void;
    let rejectDone!: (e: Error) => void;
    const done = new Promise<ThreadDemoResult | null>((res, rej) => {
      resolveDone = res;
      rejectDone = rej;
    });
    done.catch(() => {}); // a start-up error is reported by the await below instead
    const toError = (m: { message: string; user: boolean }) => (m.user ? new UserError(m.message) : new Error(m.message));
    const first = await new Promise<EngineSnapshot>((resolve, reject) => {
      worker.on('message', (m: FromEngineThread) => {
        if (m.type === 'ready') resolve(m.snapshot);
        else if (m.type === 'done') {
          resolveDone(m.result);
          void worker.terminate(); // its listeners would keep it (and this process) alive
        }
        else if (m.type === 'error') {
          reject(toError(m));
          rejectDone(toError(m));
        }
      });
      worker.on('error', (e) => {
        reject(e);
        rejectDone(e);
      });
      worker.on('exit', () => {
        const e = new Error('the timing thread stopped unexpectedly');
        reject(e);
        rejectDone(e);
      });
    });
    return new EngineThread(worker, first, new Int32Array(flag), done);
  }

  snapshot(): EngineSnapshot {
    return this.latest;
  }

  subscribe(listener: (s: EngineSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(command: EngineCommand): void {
    this.worker.postMessage({ type: 'command', command } satisfies ToEngineThread);
  }

  /** Synchronous: the timing thread sends every note-off, then this returns (at most `timeoutMs`). */
  stopNow(timeoutMs = 1000): boolean {
    if (Atomics.load(this.stopFlag, 0) === 1) return true;
    this.worker.postMessage({ type: 'stopNow' } satisfies ToEngineThread);
    return Atomics.wait(this.stopFlag, 0, 0, timeoutMs) !== 'timed-out';
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
