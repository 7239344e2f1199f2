// Learnable actions: a pad, button or program change on the performer's controller triggers what a
// key does on the computer. Bindings live in the settings file beside the knob bindings ("actions").
import type { MidiMessage } from '../midi/codec.ts';
import { readSettingsFile, updateSettingsFile } from './settingsFile.ts';

export const ACTIONS = ['regenerate', 'mutate', 'hold', 'rearm', 'panic', 'mute', 'favourite', 'previous', 'next', 'export'] as const;
export type ActionName = (typeof ACTIONS)[number];

export type TriggerKind = 'cc' | 'note' | 'program';

export interface Trigger {
  kind: TriggerKind;
  channel: number; // 1-16
  number: number; // controller, note or program 0-127
}

export interface ActionBinding extends Trigger {
  action: ActionName;
}

/** Out of the box: notes 36-45 (C1-A1, the usual pad bank) on channel 16 are the actions, in order. */
export const CONTROL_CHANNEL = 16;
export const DEFAULT_ACTION_BINDINGS: ActionBinding[] = ACTIONS.map((action, i) => ({ action, kind: 'note', channel: CONTROL_CHANNEL, number: 36 + i }));

/** The trigger a message is, and whether it presses (note-on, CC above 0, program change) or only
 * releases (note-off, CC 0): a release of a bound trigger is swallowed but does nothing. */
export function triggerOf(m: MidiMessage): { trigger: Trigger; press: boolean } | null {
  switch (m.type) {
    case 'noteOn':
    case 'noteOff':
      return { trigger: { kind: 'note', channel: m.channel + 1, number: m.note }, press: m.type === 'noteOn' };
    case 'cc':
      return { trigger: { kind: 'cc', channel: m.channel + 1, number: m.controller }, press: m.value > 0 };
    case 'programChange':
      return { trigger: { kind: 'program', channel: m.channel + 1, number: m.program }, press: true };
    default:
      return null;
  }
}

export const sameTrigger = (a: Trigger, b: Trigger) => a.kind === b.kind && a.channel === b.channel && a.number === b.number;

const NOTE_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

/** "note C1 (36) ch 16", "CC 20 ch 1", "program 5 ch 2": what the TUI and the log lines say. */
export function describeTrigger(t: Trigger): string {
  const what =
    t.kind === 'note' ? `note ${NOTE_NAMES[t.number % 12]}${Math.floor(t.number / 12) - 2} (${t.number})` : t.kind === 'cc' ? `CC ${t.number}` : `program ${t.number}`;
  return `${what} ch ${t.channel}`;
}

/** The action bound to a message, if any. */
export function actionFor(bindings: readonly ActionBinding[], m: MidiMessage): { action: ActionName; press: boolean } | null {
  const t = triggerOf(m);
  if (!t) return null;
  const b = bindings.find((x) => sameTrigger(x, t.trigger));
  return b ? { action: b.action, press: t.press } : null;
}

/** Bind `action` to `trigger`: the action's old trigger and any other use of this trigger go. */
export function learnAction(bindings: readonly ActionBinding[], action: ActionName, trigger: Trigger): ActionBinding[] {
  return [...bindings.filter((b) => b.action !== action && !sameTrigger(b, trigger)), { action, ...trigger }];
}

const KINDS = new Set<string>(['cc', 'note', 'program']);
const NAMES = new Set<string>(ACTIONS);
const isByte = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 127;

/** Action bindings from the settings file: the defaults until the performer has learned one. */
export function loadActionBindings(path: string | null): ActionBinding[] {
  const list = path ? readSettingsFile(path).data?.actions : undefined;
  if (!Array.isArray(list)) return DEFAULT_ACTION_BINDINGS.map((b) => ({ ...b }));
  return list.filter(
    (b): b is ActionBinding =>
      typeof b === 'object' && b !== null && NAMES.has(b.action) && KINDS.has(b.kind) && isByte(b.number) &&
      Number.isInteger(b.channel) && b.channel >= 1 && b.channel <= 16,
  ).map(({ action, kind, channel, number }) => ({ action, kind, channel, number }));
}

/** Write the action bindings beside the rest of the file (src/live/settingsFile.ts: atomic, a .bak
 * kept, a file that cannot be read left alone). Returns null when written, else why not. */
export function saveActionBindings(path: string, bindings: readonly ActionBinding[]): string | null {
  return updateSettingsFile(path, (data) => {
    data.actions = bindings;
  });
}
