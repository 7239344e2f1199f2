// `seedloop live` in a terminal: mounts the Ink UI over a Bridge and returns once the engine has stopped.
// No JSX and no static React import here, so React is first loaded after NODE_ENV is settled below.
import type { Bridge } from '../live/types.ts';
import { UserError } from '../errors.ts';
import { listPresets } from '../sampling/presets.ts';

export interface TuiOptions {
  title?: string;
  fps?: number; // frame-rate cap; snapshots between frames are dropped (latest wins)
  listPresets?: () => Promise<string[]>;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  patchConsole?: boolean; // default true: stray console output is drawn above the UI, not through it
}

/**
 * Resolves when the user quit (q or Ctrl-C send {type:'quit'}) and the engine reported `stopped`,
 * i.e. after it sent every note-off. Needs a TTY: callers fall back to runPlain (plain.ts) without one.
 */
export async function runTui(engine: Bridge, opts: TuiOptions = {}): Promise<void> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  if (!stdin.isTTY || !stdout.isTTY) {
    throw new UserError('the terminal UI needs a terminal (TTY); pipe-friendly output: --json');
  }
  // The clock and the notes run in their own timing thread, but frames still cost this thread CPU
  // (and on 2 cores, the timing thread's): React's development build costs about 4x per frame, so
  // pick the production one unless told otherwise (React reads this when first loaded).
  process.env.NODE_ENV ??= 'production';
  // Ink reads CI when first loaded and, if set, prints only the final frame. Here a real terminal
  // was checked above, and a live instrument needs its redraw even inside a CI job's shell.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const { createElement } = await import('react');
  const { render } = await import('ink');
  const { App } = await import('./ui.tsx');
  const { DEFAULT_FPS } = await import('./useEngineSnapshot.ts');
  const fps = opts.fps ?? DEFAULT_FPS;
  // Start on a clean screen: the UI then sits at the top, and start-up noise from native
  // libraries (e.g. a GPU probe's warnings) is not left above it.
  stdout.write('\u001B[2J\u001B[H');
  const app = render(
    createElement(App, { engine, title: opts.title, fps, listPresets: opts.listPresets ?? (() => listPresets()) }),
    { stdin, stdout, exitOnCtrlC: false, maxFps: fps, patchConsole: opts.patchConsole ?? true },
  );
  await app.waitUntilExit();
}
