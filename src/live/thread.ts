// Main-thread side of the timing thread: a `Bridge` for the TUI that forwards commands and keeps
// the latest snapshot, plus `stopNow()` that blocks until every note-off is out (for signal handlers).
import type { Worker } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import { startTsWorker } from '../tsWorker.ts';
import type { EngineThreadConfig, FromEngineThread, ThreadDemoResult, ToEngineThread } from './threadProtocol.ts';
import type { Bridge, EngineCommand, EngineSnapshot } from './types.ts';

export class EngineThread implements Bridge {
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

  /** `entry`: the thread's main module: the real bridge, or a harness's (src/harness/entries.ts). */
  static async start(config: EngineThreadConfig, entry: URL = new URL('./threadMain.ts', import.meta.url)): Promise<EngineThread> {
    const flag = new SharedArrayBuffer(4);
    // A roomier young generation: fewer scavenges, so fewer (and no longer) pauses in the timing thread.
    const worker = startTsWorker(entry, { config, stopFlag: flag }, { maxYoungGenerationSizeMb: 64 });
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
          void worker.terminate(); // with it go the generation worker and the ports it holds
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
