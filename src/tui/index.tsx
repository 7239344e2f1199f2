// `seedloop live` in a terminal: mounts the Ink UI over an Engine and returns once the engine has stopped.
import React from 'react';
import { render } from 'ink';
import type { Engine } from '../live/types.ts';
import { UserError } from '../errors.ts';
import { App } from './ui.tsx';
import { listPresets } from '../sampling/presets.ts';
import { DEFAULT_FPS } from './useEngineSnapshot.ts';

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
 * i.e. after it sent every note-off. Needs a TTY: callers fall back to plain or JSON lines without one.
 */
export async function runTui(engine: Engine, opts: TuiOptions = {}): Promise<void> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  if (!stdin.isTTY || !stdout.isTTY) {
    throw new UserError('the terminal UI needs a terminal (TTY); pipe-friendly output: --json');
  }
  const fps = opts.fps ?? DEFAULT_FPS;
  const app = render(
    <App engine={engine} title={opts.title} fps={fps} listPresets={opts.listPresets ?? (() => listPresets())} />,
    { stdin, stdout, exitOnCtrlC: false, maxFps: fps, patchConsole: opts.patchConsole ?? true },
  );
  await app.waitUntilExit();
}
