// The generation worker: owns the Engine, runs one request at a time, streams events back.
// session.run blocks its thread, so it lives here rather than on the main thread.
import { parentPort } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import { Engine } from './engine.ts';
import { CancelledError } from './loop.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
const cancelled = new Set<number>();
let engine: Engine | null = null;

function fail(err: unknown, id?: number): void {
  const message = err instanceof Error ? err.message : String(err);
  post({ type: 'error', id, message, user: err instanceof UserError, cancelled: err instanceof CancelledError });
}

port.on('message', async (m: ToWorker) => {
  switch (m.type) {
    case 'open':
      try {
        engine = await Engine.open(m.dir, m.opts);
        const { provider, note, file } = engine.opened;
        post({ type: 'opened', provider, note, file, manifest: engine.manifest });
      } catch (err) {
        fail(err);
      }
      break;
    case 'generate':
      try {
        if (!engine) throw new Error('no model open');
        const result = await engine.generate(m.req, {
          onEvent: (event) => post({ type: 'event', id: m.id, event }),
          cancelled: () => cancelled.has(m.id),
        });
        post({ type: 'result', id: m.id, result });
      } catch (err) {
        fail(err, m.id);
      } finally {
        cancelled.delete(m.id);
      }
      break;
    case 'cancel':
      cancelled.add(m.id);
      break;
    case 'close':
      await engine?.close();
      port.close();
      break;
  }
});
