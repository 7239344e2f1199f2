// Messages between the Generator (its caller's thread) and its worker.
import type { Meter } from '../clock/meter.ts';
import type { Manifest } from './manifest.ts';
import type { SessionOptions } from './session.ts';
import type { GenerateEvent, GenerateRequest, GenerateResult, LoopEvent, LoopRequest, LoopResult } from './types.ts';

export type ToWorker =
  | { type: 'open'; dir: string; opts: SessionOptions & { meter?: Meter } }
  | { type: 'generate'; id: number; req: GenerateRequest } // ids in, ids out (seedloop generate)
  | { type: 'loop'; id: number; req: LoopRequest } // seed in, notes per bar out (the live bridge)
  | { type: 'cancel'; id: number }
  | { type: 'close' };

export type FromWorker =
  | { type: 'opened'; provider: string; note: string; file: string; manifest: Manifest; gridPerBeat: number }
  | { type: 'event'; id: number; event: GenerateEvent | LoopEvent }
  | { type: 'result'; id: number; result: GenerateResult | LoopResult }
  | { type: 'error'; id?: number; message: string; user: boolean; cancelled?: boolean };
