// Live timing bench: the --demo path in real time, in its timing thread (simulated DAW clock with
// jitter, keyboard, model in its worker generating a new variant every pass) while the Ink TUI renders
// on the main thread into an off-screen terminal. Lateness: each output note event against the intended arrival of the clock tick it answers.
import { EventEmitter } from 'node:events';
import { EngineThread } from '../live/thread.ts';
import type { DemoResult } from '../live/threadProtocol.ts';
import type { Bridge } from '../live/types.ts';
import type { Device } from '../model/device.ts';
import { DEMO_THREAD } from './entries.ts';

export interface LiveBenchOptions {
  modelDir?: string; // default: the shipped model
  device?: Device;
  threads?: number; // generation threads (default 1: timing first)
  bpm?: number;
  loopBars?: number;
  loops?: number; // loop passes to time
  jitterMs?: number;
  render?: boolean; // draw the TUI off-screen meanwhile (default true)
  priority?: boolean; // raise the timing thread's priority (default true)
}

export interface LiveBenchResult extends DemoResult {
  variants: number; // variants generated while timing
  frames: number; // TUI frames written
  priority: string;
  model: string;
  provider: string;
}

/** A terminal that is not there: Ink renders into it as it would to a real one. */
class OffscreenTerminal extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 40;
  frames = 0;
  write = (_chunk: string): boolean => {
    this.frames++;
    return true;
  };
}

class SilentKeyboard extends EventEmitter {
  isTTY = true;
  isRaw = false;
  setEncoding(): void {}
  setRawMode(raw: boolean): void {
    this.isRaw = raw;
  }
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read(): null {
    return null;
  }
}

export async function runLiveBench(opts: LiveBenchOptions = {}): Promise<LiveBenchResult> {
  const config = {
    modelDir: opts.modelDir,
    device: opts.device ?? 'cpu',
    threads: opts.threads ?? 1,
    priority: opts.priority !== false,
    settings: { loopBars: opts.loopBars ?? 2, seedBars: 2 },
    settingsFile: null,
    bpm: opts.bpm ?? 120,
    loops: opts.loops ?? 6,
    jitterMs: opts.jitterMs ?? 0.5,
  };
  const engine = await EngineThread.start(config, DEMO_THREAD);
  let variants = 0;
  engine.subscribe((s) => (variants = Math.max(variants, s.loop?.variant ?? 0)));
  const screen = new OffscreenTerminal();
  const tui = opts.render === false ? Promise.resolve() : renderOffscreen(engine, screen);
  const result = await engine.done;
  await tui;
  if (!result) throw new Error('the live bench ended without figures');
  return { ...result, variants, frames: screen.frames };
}

async function renderOffscreen(engine: Bridge, screen: OffscreenTerminal): Promise<void> {
  const { runTui } = await import('../tui/index.tsx');
  await runTui(engine, {
    stdout: screen as unknown as NodeJS.WriteStream,
    stdin: new SilentKeyboard() as unknown as NodeJS.ReadStream,
    patchConsole: false,
  });
}

export function formatLiveBench(r: LiveBenchResult): string {
  return (
    `live bench (${r.model} on ${r.provider}, ${r.priority}): ${r.loops} loop passes, ${r.variants} variants, ` +
    `${r.frames} screen writes, ${r.events} timed note events; lateness p50 ${r.p50Ms.toFixed(3)} ms, ` +
    `p99 ${r.p99Ms.toFixed(3)} ms, max ${r.maxMs.toFixed(3)} ms; tempo error ${r.tempoErrorPct?.toFixed(3) ?? 'n/a'}%; ` +
    `stuck notes ${r.stuckNotes}`
  );
}
