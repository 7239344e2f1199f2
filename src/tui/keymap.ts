// Every key the main screen answers to, in one table: the input handler and the help overlay both read it.
import type { Key } from 'ink';
import type { EngineCommand, SettingKey } from '../live/types.ts';
import { CONTROLS } from './settingControls.ts';

export type Action =
  | { kind: 'select'; delta: 1 | -1 }
  | { kind: 'adjust'; delta: 1 | -1; key?: SettingKey } // no key: the selected control
  | { kind: 'command'; command: EngineCommand }
  | { kind: 'learn' } // MIDI-learn the selected control (again: cancel)
  | { kind: 'help' }
  | { kind: 'presets' }
  | { kind: 'save' }
  | { kind: 'quit' };

export interface Binding {
  keys: string; // as shown in the help
  help: string;
  action: Action;
  matches: (input: string, key: Key) => boolean;
}

const char = (...chars: string[]) => (input: string, key: Key) => !key.ctrl && !key.meta && chars.includes(input);

const MAIN: Binding[] = [
  { keys: '↑ ↓', help: 'select a control', action: { kind: 'select', delta: -1 }, matches: (_, k) => k.upArrow },
  { keys: '', help: '', action: { kind: 'select', delta: 1 }, matches: (_, k) => k.downArrow },
  { keys: '← → - +', help: 'lower / raise the selection', action: { kind: 'adjust', delta: -1 }, matches: (i, k) => k.leftArrow || char('-', '_')(i, k) },
  { keys: '', help: '', action: { kind: 'adjust', delta: 1 }, matches: (i, k) => k.rightArrow || char('+', '=')(i, k) },
  { keys: 'r', help: 'regenerate from the seed', action: { kind: 'command', command: { type: 'regenerate' } }, matches: char('r') },
  { keys: 'm', help: 'mutate: continue this loop', action: { kind: 'command', command: { type: 'mutate' } }, matches: char('m') },
  { keys: 'h', help: 'hold this loop (toggle)', action: { kind: 'command', command: { type: 'hold' } }, matches: char('h') },
  { keys: 'a', help: 're-arm: play a new seed', action: { kind: 'command', command: { type: 'rearm' } }, matches: char('a') },
  { keys: 'i', help: 'thru: hear what you play (toggle)', action: { kind: 'command', command: { type: 'thru' } }, matches: char('i') },
  { keys: 'x', help: 'panic: all notes off', action: { kind: 'command', command: { type: 'panic' } }, matches: char('x') },
  { keys: 'l', help: 'MIDI-learn the selection', action: { kind: 'learn' }, matches: char('l') },
  { keys: 'o', help: 'open a preset', action: { kind: 'presets' }, matches: char('o') },
  { keys: 'w', help: 'save settings as a preset', action: { kind: 'save' }, matches: char('w') },
  { keys: '?', help: 'this help', action: { kind: 'help' }, matches: char('?') },
  { keys: 'q ^C', help: 'quit (note-offs first)', action: { kind: 'quit' }, matches: (i, k) => char('q')(i, k) || (k.ctrl && i === 'c') },
];

/** Direct keys per control: lower case lowers, upper case raises. */
const DIRECT: Binding[] = CONTROLS.filter((c) => c.lowerKey).flatMap((c) => [
  { keys: `${c.lowerKey} ${c.raiseKey}`, help: `${c.label} down / up`, action: { kind: 'adjust', delta: -1, key: c.key }, matches: char(c.lowerKey) },
  { keys: '', help: '', action: { kind: 'adjust', delta: 1, key: c.key }, matches: char(c.raiseKey) },
]);

export const BINDINGS: Binding[] = [...MAIN, ...DIRECT];

export function actionFor(input: string, key: Key): Action | null {
  return BINDINGS.find((b) => b.matches(input, key))?.action ?? null;
}

/** The rows the help overlay lists (bindings with an empty `keys` share the row above). */
export const HELP_ROWS = BINDINGS.filter((b) => b.keys).map((b) => ({ keys: b.keys, help: b.help }));
