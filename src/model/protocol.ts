// Messages between the Generator (main thread) and its worker.
import type { Manifest } from './manifest.ts';
import type { SessionOptions } from './session.ts';
import type { GenerateEvent, GenerateRequest, GenerateResult } from './types.ts';

export type ToWorker =
  | { type: 'open'; dir: string; opts: SessionOptions }
  | { type: 'generate'; id: number; req: GenerateRequest }
  | { type: 'cancel'; id: number }
  | { type: 'close' };

export type FromWorker =
  | { type: 'opened'; provider: string; note: string; file: string; manifest: Manifest }
  | { type: 'event'; id: number; event: GenerateEvent }
  | { type: 'result'; id: number; result: GenerateResult }
  | { type: 'error'; id?: number; message: string; user: boolean; cancelled?: boolean };
