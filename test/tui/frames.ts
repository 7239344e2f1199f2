// Helpers to drive the UI through ink-testing-library without timing assumptions.
import React from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../src/tui/ui.tsx';
import { ScriptedEngine } from './scriptedEngine.ts';
import type { EngineSnapshot } from '../../src/live/types.ts';

export { KEY, plain, until } from './poll.ts';
import { plain, until } from './poll.ts';

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
