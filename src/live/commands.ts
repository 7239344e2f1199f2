// What each EngineCommand does: settings go to the Controls, loop actions to the engine. One switch,
// shared by the TUI's keys and anything else that sends commands (learned actions, scripts).
import type { Controls } from './controls.ts';
import type { ActionName } from './actions.ts';
import type { EngineCommand } from './types.ts';

/** What each action does: the command a computer key sends too. */
export const ACTION_COMMANDS: Record<ActionName, EngineCommand> = {
  regenerate: { type: 'regenerate' },
  mutate: { type: 'mutate' },
  hold: { type: 'hold' },
  rearm: { type: 'rearm' },
  panic: { type: 'panic' },
  mute: { type: 'mute' },
  favourite: { type: 'favourite' },
  previous: { type: 'history', step: -1 },
  next: { type: 'history', step: 1 },
  export: { type: 'export' },
};

/** The engine's loop actions, as commands reach them. */
export interface LoopActions {
  requestVariant(mode: 'regenerate' | 'mutate'): void; // swapped in at the next loop line
  hold(on?: boolean): void;
  rearm(): void;
  panic(): void;
  thru(on?: boolean): void;
  mute(on?: boolean): void;
  quit(): Promise<void>;
}

/** The performer's actions that are not the loop's: history, favourite, export, learning actions. */
export interface PerformActions {
  favourite(): void;
  step(delta: -1 | 1): void; // through the variant history
  export(which?: 'playing' | 'favourite'): void;
  learn(action: ActionName | null): void;
}

export function runCommand(c: EngineCommand, controls: Controls, engine: LoopActions, perform: PerformActions): void {
  switch (c.type) {
    case 'set':
      return controls.set(c.key, c.value);
    case 'regenerate':
    case 'mutate':
      return engine.requestVariant(c.type);
    case 'hold':
      return engine.hold(c.on);
    case 'rearm':
      return engine.rearm();
    case 'panic':
      return engine.panic();
    case 'mute':
      return engine.mute(c.on);
    case 'favourite':
      return perform.favourite();
    case 'history':
      return perform.step(c.step);
    case 'export':
      return perform.export(c.which);
    case 'learnAction': // one learn at a time
      if (c.action) controls.learn(null);
      return perform.learn(c.action);
    case 'learn':
      if (c.target) perform.learn(null);
      return controls.learn(c.target);
    case 'preset':
      return void controls.loadPreset(c.name);
    case 'savePreset':
      return void controls.savePreset(c.name);
    case 'thru':
      return engine.thru(c.on);
    case 'quit':
      return void engine.quit();
  }
}
