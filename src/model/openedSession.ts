// The shapes of an open ORT session and how to ask for one: their own file so `auto` (autoDevice.ts) can take
// session.ts's opener as a parameter without the two importing each other.
import type ort from 'onnxruntime-node';
import type { Device, Provider } from './device.ts';
import type { Manifest } from './manifest.ts';

export interface SessionOptions {
  device?: Device;
  threads?: number; // intra-op threads; ORT's default (all cores) when not given
  precision?: 'auto' | 'fp32' | 'int8'; // auto: int8 on the CPU when present
}

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: string;
  file: string;
  note: string; // one line: which provider runs, and why
}

/** Open one provider, no fallback (session.ts's openProvider). `why` ends the note's line. */
export type OpenProvider = (dir: string, manifest: Manifest, provider: Provider, opts: SessionOptions, why: string) => Promise<OpenedSession>;
