// Messages between the main thread (screen) and the timing thread (engine).
import type { Meter } from '../clock/transport.ts';
import type { DemoResult } from './demo.ts';
import type { BridgeSettings, EngineCommand, EngineSnapshot } from './types.ts';

export interface EngineThreadConfig {
  demo: boolean;
  modelDir?: string;
  device?: 'auto' | 'cpu' | 'webgpu' | 'cuda';
  threads?: number;
  priority: boolean;
  settings: Partial<BridgeSettings>;
  candidates?: number;
  settingsFile: string | null;
  bpm: number;
  meter?: Meter;
  clockOut?: boolean;
  in?: string;
  out?: string;
  loops?: number;
  jitterMs?: number;
  record?: string;
  snapshotsPerSecond?: number;
}

export type ThreadDemoResult = DemoResult & { priority: string; model: string; provider: string };

export type ToEngineThread = { type: 'command'; command: EngineCommand } | { type: 'stopNow' };

export type FromEngineThread =
  | { type: 'ready'; snapshot: EngineSnapshot }
  | { type: 'snapshot'; snapshot: EngineSnapshot }
  | { type: 'done'; result: ThreadDemoResult | null }
  | { type: 'error'; message: string; user: boolean };
