// The generation worker: owns the loaded model and its tokenizer, runs one request at a time, streams
// events back. session.run blocks its thread, so it lives here rather than on the main thread.
import { parentPort } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import { LoadedModel } from './loadedModel.ts';
import { CancelledError } from './loop.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import type { GenerateEvent, LoopEvent } from './types.ts';

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
const cancelled = new Set<number>();
let model: LoadedModel | null = null;

function fail(err: unknown, id?: number): void {
  const message = err instanceof Error ? err.message : String(err);
  post({ type: 'error', id, message, user: err instanceof UserError, cancelled: err instanceof CancelledError });
}

port.on('message', async (m: ToWorker) => {
  switch (m.type) {
    case 'open':
      try {
        model = await LoadedModel.open(m.dir, m.opts);
        await model.warmUp(); // before 'opened': the first loop's first bar starts on a warm session
        const { provider, note, file } = model.opened;
        post({ type: 'opened', provider, note, file, manifest: model.manifest, gridPerBeat: model.tokenizer.ticksPerBeatGrid });
      } catch (err) {
        fail(err);
      }
      break;
    case 'generate':
    case 'loop':
      try {
        if (!model) throw new Error('no model open');
        const hooks = { onEvent: (event: GenerateEvent | LoopEvent) => post({ type: 'event', id: m.id, event }), cancelled: () => cancelled.has(m.id) };
        const result = m.type === 'loop' ? await model.loop(m.req, hooks) : await model.generate(m.req, hooks);
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
      await model?.close();
      port.close();
      break;
  }
});
