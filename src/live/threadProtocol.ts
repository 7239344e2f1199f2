// Messages between the main thread (screen) and the timing thread (engine).
import type { Meter } from '../clock/meter.ts';
import type { Device } from '../model/device.ts';
import type { Routing } from '../routing/flags.ts';
import type { PerformOptions } from './perform.ts';
import type { BridgeSettings, EngineCommand, EngineSnapshot } from './types.ts';
import type { GrooveChoice } from '../feel/liveGroove.ts';

export interface EngineThreadConfig extends Partial<Routing> {
  modelDir?: string; // default: the shipped model
  device?: Device;
  threads?: number;
  priority: boolean;
  settings: Partial<BridgeSettings>;
  candidates?: number;
  settingsFile: string | null;
  bpm: number;
  meter?: Meter;
  clockOut?: boolean;
  loops?: number; // the demo's: passes before it ends
  jitterMs?: number; // the demo's simulated clock jitter
  perform?: PerformOptions; // --record, --export-dir, --program/--bank
  snapshotsPerSecond?: number;
  groove?: GrooveChoice; // src/feel: the groove source and a saved template
}

/** The demo's figures (src/harness/demo.ts), reported by its thread when it ends. */
export interface DemoResult {
  loops: number;
  notesOut: number;
  events: number; // note events the recorder saw
  p50Ms: number; // lateness of output note events against the tick's intended arrival (+ latency offset)
  p99Ms: number;
  maxMs: number;
  stuckNotes: number;
  tempoErrorPct: number | null; // |estimate/true - 1| one bar of the meter after the tempo change, in %
  durationMs: number;
  recorded?: string;
}

export type ThreadDemoResult = DemoResult & { priority: string; model: string; provider: string };

export type ToEngineThread = { type: 'command'; command: EngineCommand } | { type: 'stopNow' };

export type FromEngineThread =
  | { type: 'ready'; snapshot: EngineSnapshot }
  | { type: 'snapshot'; snapshot: EngineSnapshot }
  | { type: 'done'; result: ThreadDemoResult | null }
  | { type: 'error'; message: string; user: boolean };
