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
  favourite(): void;
  step(delta: -1 | 1): void; // through the variant history
  exportLoop(which?: 'playing' | 'favourite'): void;
  learnAction(action: ActionName | null): void;
  quit(): Promise<void>;
}

export function runCommand(c: EngineCommand, controls: Controls, engine: LoopActions): void {
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
      return engine.favourite();
    case 'history':
      return engine.step(c.step);
    case 'export':
      return engine.exportLoop(c.which);
    case 'learnAction':
      return engine.learnAction(c.action);
    case 'learn':
      if (c.target) engine.learnAction(null); // one learn at a time
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
