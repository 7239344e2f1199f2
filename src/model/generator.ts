// Main-thread handle of the generation worker. Requests run one at a time, in order; events stream
// back while a loop is sampled, so a bar can be decoded and queued as soon as it is complete.
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import { CancelledError } from './loop.ts';
import { loadManifest, type Manifest, resolveModelDir } from './manifest.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import type { SessionOptions } from './session.ts';
import type { GenerateEvent, GenerateRequest, GenerateResult } from './types.ts';

interface Pending {
  resolve: (r: GenerateResult) => void;
  reject: (e: Error) => void;
  onEvent?: (e: GenerateEvent) => void;
}

function toError(m: Extract<FromWorker, { type: 'error' }>): Error {
  if (m.cancelled) return new CancelledError();
  return m.user ? new UserError(m.message) : new Error(m.message);
}

/**
 * A worker running a .ts file. Node 20 passes no loader hooks to workers, and `--import tsx` in execArgv
 * did not take there, so a tiny bootstrap registers tsx inside the worker and then imports the file.
 */
function startTsWorker(file: URL): Worker {
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const boot = `import(${api}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); });`;
  return new Worker(boot, { eval: true });
}

export class Generator {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private queue: Promise<unknown> = Promise.resolve();
  private current = 0;
  private stopped: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly provider: string,
    readonly note: string, // which provider runs and why, one line
    readonly file: string,
    readonly manifest: Manifest,
  ) {
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => {
      this.stopped = new Error('the generation worker stopped');
      this.failAll(this.stopped);
    });
  }

  /** Start a worker and load `modelDir` (default: the shipped model) on the asked device. */
  static async open(modelDir?: string, opts: SessionOptions = {}): Promise<Generator> {
    const dir = resolveModelDir(modelDir);
    loadManifest(dir); // fail fast, before a worker starts
    const worker = startTsWorker(new URL('./worker.ts', import.meta.url));
    const opened = await new Promise<Extract<FromWorker, { type: 'opened' }>>((resolve, reject) => {
      worker.once('message', (m: FromWorker) => (m.type === 'opened' ? resolve(m) : reject(toError(m as never))));
      worker.once('error', reject);
      worker.postMessage({ type: 'open', dir, opts } satisfies ToWorker);
    }).catch(async (err) => {
      await worker.terminate();
      throw err;
    });
    return new Generator(worker, opened.provider, opened.note, opened.file, opened.manifest);
  }

  generate(req: GenerateRequest, onEvent?: (e: GenerateEvent) => void): Promise<GenerateResult> {
    const id = this.nextId++;
    const run = () =>
      new Promise<GenerateResult>((resolve, reject) => {
        if (this.stopped) return reject(this.stopped);
        this.pending.set(id, { resolve, reject, onEvent });
        this.current = id;
        this.worker.postMessage({ type: 'generate', id, req } satisfies ToWorker);
      });
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  /** Stop the request that is running (it rejects with CancelledError); queued ones still run. */
  cancel(): void {
    if (this.pending.has(this.current)) this.worker.postMessage({ type: 'cancel', id: this.current } satisfies ToWorker);
  }

  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' } satisfies ToWorker);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void this.worker.terminate().then(() => resolve()), 2000);
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private receive(m: FromWorker): void {
    if (m.type === 'opened' || m.id === undefined) return;
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'event') p.onEvent?.(m.event);
    else {
      this.pending.delete(m.id);
      if (m.type === 'result') p.resolve(m.result);
      else if (m.type === 'error') p.reject(toError(m));
    }
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
