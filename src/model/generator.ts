// Handle of the generation worker, for the thread that starts it (the live bridge's timing thread).
// Requests run one at a time, in order; events stream back while a loop is sampled, so a bar can be
// queued as soon as it is complete. The worker owns the tokenizer: `loop` sends a seed, gets notes.
import type { Worker } from 'node:worker_threads';
import type { Meter } from '../clock/meter.ts';
import { UserError } from '../errors.ts';
import { CancelledError } from './loop.ts';
import { loadManifest, type Manifest, resolveModelDir } from './manifest.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import type { SessionOptions } from './session.ts';
import type { GenerateEvent, GenerateRequest, GenerateResult, LoopEvent, LoopRequest, LoopResult } from './types.ts';
import { startTsWorker } from '../tsWorker.ts';

interface Pending {
  resolve: (r: never) => void;
  reject: (e: Error) => void;
  onEvent?: (e: never) => void;
}

function toError(m: Extract<FromWorker, { type: 'error' }>): Error {
  if (m.cancelled) return new CancelledError();
  return m.user ? new UserError(m.message) : new Error(m.message);
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
    readonly gridPerBeat: number, // the tokenizer's positions per beat: seed capture quantizes to it
  ) {
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => {
      this.stopped = new Error('the generation worker stopped');
      this.failAll(this.stopped);
    });
  }

  /** Start a worker and load `modelDir` (default: the shipped model) on the asked device; `meter` is checked there. */
  static async open(modelDir?: string, opts: SessionOptions & { meter?: Meter } = {}): Promise<Generator> {
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
    return new Generator(worker, opened.provider, opened.note, opened.file, opened.manifest, opened.gridPerBeat);
  }

  /** Ids in, ids out. */
  generate(req: GenerateRequest, onEvent?: (e: GenerateEvent) => void): Promise<GenerateResult> {
    return this.request((id) => ({ type: 'generate', id, req }), onEvent);
  }

  /** A captured seed (or a loop's context) in, notes per finished bar out: the tokenizer work is the worker's. */
  loop(req: LoopRequest, onEvent?: (e: LoopEvent) => void): Promise<LoopResult> {
    return this.request((id) => ({ type: 'loop', id, req }), onEvent);
  }

  private request<R, E>(message: (id: number) => ToWorker, onEvent?: (e: E) => void): Promise<R> {
    const id = this.nextId++;
    const run = () =>
      new Promise<R>((resolve, reject) => {
        if (this.stopped) return reject(this.stopped);
        this.pending.set(id, { resolve: resolve as (r: never) => void, reject, onEvent: onEvent as ((e: never) => void) | undefined });
        this.current = id;
        this.worker.postMessage(message(id));
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
    if (m.type === 'event') p.onEvent?.(m.event as never);
    else {
      this.pending.delete(m.id);
      if (m.type === 'result') p.resolve(m.result as never);
      else if (m.type === 'error') p.reject(toError(m));
    }
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
