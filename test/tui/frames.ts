// Helpers to drive the UI through ink-testing-library without timing assumptions.
import React from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../src/tui/ui.tsx';
import { ScriptedEngine } from './scriptedEngine.ts';
import type { EngineSnapshot } from '../../src/live/types.ts';

export const KEY = { up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', escape: '\u001B', enter: '\r', ctrlC: '\u0003', backspace: '\u007F' };

const ANSI = /\u001B\[[0-9;]*[A-Za-z]/g;
export const plain = (frame: string | undefined) => (frame ?? '').replace(ANSI, '');

/** Polls until `check` holds for the latest frame (or throws with that frame after ~3 s). */
export async function until(lastFrame: () => string | undefined, check: (frame: string) => boolean): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const frame = plain(lastFrame());
    if (check(frame)) return frame;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`frame never matched:\n${plain(lastFrame())}`);
}

export function mount(initial: Partial<EngineSnapshot> = {}, presets: string[] = ['default', 'wild']) {
  const engine = new ScriptedEngine(initial);
  const ui = render(React.createElement(App, { engine, fps: 100, listPresets: async () => presets }));
  const frame = () => plain(ui.lastFrame());
  const waitFor = (text: string | RegExp) =>
    until(ui.lastFrame, (f) => (typeof text === 'string' ? f.includes(text) : text.test(f)));
  /** Types keys one at a time, letting Ink's input parser and React settle between them. */
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      ui.stdin.write(key);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { engine, ui, frame, waitFor, press };
}
