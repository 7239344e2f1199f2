// Every key the main screen answers to, in one table: the input handler and the help overlay both read it.
import type { Key } from 'ink';
import type { ActionName } from '../live/actions.ts';
import { ACTION_COMMANDS } from '../live/commands.ts';
import type { EngineCommand, SettingKey } from '../live/types.ts';
import { CONTROLS } from './settingControls.ts';

export type Action =
  | { kind: 'select'; delta: 1 | -1 }
  | { kind: 'page'; delta: 1 | -1 } // tab: the controls panel's next page (its first control selected)
  | { kind: 'adjust'; delta: 1 | -1; key?: SettingKey } // no key: the selected control
  | { kind: 'command'; command: EngineCommand }
  | { kind: 'learn' } // l: the next key says what to MIDI-learn (an action's key, or l for the selected control)
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

/** The computer key of each learnable action (the pads' and buttons' twin). */
export const ACTION_KEYS: Record<ActionName, { key: string; help: string }> = {
  regenerate: { key: 'r', help: 'regenerate from the seed' },
  mutate: { key: 'm', help: 'mutate: continue this loop' },
  hold: { key: 'h', help: 'hold this loop (toggle)' },
  rearm: { key: 'a', help: 're-arm: play a new seed' },
  panic: { key: 'x', help: 'panic: notes off + mute' },
  mute: { key: 'u', help: 'mute / un-mute, loop runs on' },
  favourite: { key: 'f', help: 'favourite the playing loop' },
  previous: { key: '[', help: 'previous variant (loop end)' },
  next: { key: ']', help: 'next variant (loop end)' },
  export: { key: 'e', help: 'export the loop as .mid' },
};

const ACTION_BINDINGS: Binding[] = (Object.keys(ACTION_KEYS) as ActionName[]).map((name) => ({
  keys: ACTION_KEYS[name].key,
  help: ACTION_KEYS[name].help,
  action: { kind: 'command', command: ACTION_COMMANDS[name] },
  matches: char(ACTION_KEYS[name].key),
}));

/** The action whose key this is (for `l` then a key). */
export function learnableAction(input: string): ActionName | null {
  return (Object.keys(ACTION_KEYS) as ActionName[]).find((name) => ACTION_KEYS[name].key === input) ?? null;
}

const MAIN: Binding[] = [
  { keys: '↑ ↓', help: 'select a control', action: { kind: 'select', delta: -1 }, matches: (_, k) => k.upArrow },
  { keys: '', help: '', action: { kind: 'select', delta: 1 }, matches: (_, k) => k.downArrow },
  { keys: 'tab ⇧tab', help: 'next / previous controls page', action: { kind: 'page', delta: 1 }, matches: (_, k) => k.tab && !k.shift },
  { keys: '', help: '', action: { kind: 'page', delta: -1 }, matches: (_, k) => k.tab && k.shift },
  { keys: '← → - +', help: 'lower / raise the selection', action: { kind: 'adjust', delta: -1 }, matches: (i, k) => k.leftArrow || char('-', '_')(i, k) },
  { keys: '', help: '', action: { kind: 'adjust', delta: 1 }, matches: (i, k) => k.rightArrow || char('+', '=')(i, k) },
  ...ACTION_BINDINGS,
  { keys: 'i', help: 'thru: hear what you play (toggle)', action: { kind: 'command', command: { type: 'thru' } }, matches: char('i') },
  { keys: 'E', help: 'export the favourite', action: { kind: 'command', command: { type: 'export', which: 'favourite' } }, matches: char('E') },
  { keys: 'l', help: 'MIDI-learn: then l or a key', action: { kind: 'learn' }, matches: char('l') },
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
