// What keys do: a plain object holding the UI's own state (mode, selection, drafts), so each key
// sees the effect of the one before even when React has not drawn in between (fast typing, paste).
import type { Key } from 'ink';
import type { Bridge, EngineCommand, SettingKey } from '../live/types.ts';
import { CONTROLS, controlFor, pageOf, pageStep, settingValue } from './settingControls.ts';
import { actionFor, learnableAction, ACTION_KEYS, type Action } from './keymap.ts';
import { PRESET_NAME } from './components/NameInput.tsx';

export type Mode = 'main' | 'help' | 'presets' | 'save' | 'learn'; // learn: l pressed, the next key says what

export interface UiState {
  mode: Mode;
  selected: SettingKey;
  notice: string | null; // what the UI just did, in the status line
  noticeAt: number; // when, so a newer engine status can take the line back
  presetNames: string[] | null; // null while reading presets/
  presetIndex: number;
  draft: string; // preset name being typed
  /** Values sent but maybe not yet in a snapshot: drawn at once, so a key press never looks ignored. */
  pending: Partial<Record<SettingKey, { value: number; at: number }>>;
  quitting: boolean;
}

const PENDING_MS = 1000;
/** Quit presses after which the UI stops waiting for the engine to report `stopped`. */
export const FORCE_QUIT_PRESSES = 3;

const NOTICES: Partial<Record<EngineCommand['type'], string>> = {
  regenerate: 'regenerate: a fresh variant swaps in at the loop end',
  mutate: 'mutate: a variant of this loop swaps in at the loop end',
  hold: 'hold toggled',
  rearm: 're-armed: play a new seed',
  panic: 'panic: all notes off sent; muted (u un-mutes)',
  mute: 'mute toggled',
  favourite: 'favourite toggled',
  history: 'stepping through the history: the variant swaps in at the loop end',
  export: 'exporting…',
};

export class TuiController {
  state: UiState = {
    mode: 'main',
    selected: 'temperature',
    notice: null,
    noticeAt: 0,
    presetNames: null,
    presetIndex: 0,
    draft: '',
    pending: {},
    quitting: false,
  };
  private quitPresses = 0;

  constructor(
    private readonly engine: Bridge,
    private readonly listPresets: () => Promise<string[]>,
    private readonly onChange: () => void, // redraw
    private readonly onGiveUp: () => void, // leave without the engine's `stopped`
  ) {}

  /** The value to show: the one just sent until the engine's snapshot agrees (or a second passes). */
  valueOf(key: SettingKey, settings = this.engine.snapshot().settings): number {
    const engineValue = settingValue(settings, key);
    const sent = this.state.pending[key];
    if (!sent || sent.value === engineValue || Date.now() - sent.at > PENDING_MS) return engineValue;
    return sent.value;
  }

  handleKey(input: string, key: Key): void {
    if (key.ctrl && input === 'c') return this.quit();
    if (this.state.quitting) return void (input === 'q' && this.quit()); // stopping: only quit counts
    // A run of plain characters (typed fast or pasted) is one key at a time, except in a text field.
    if (input.length > 1 && this.state.mode !== 'save' && !key.ctrl && !key.meta) {
      for (const ch of input) this.handleKey(ch, key);
      return;
    }
    switch (this.state.mode) {
      case 'help':
        return this.update({ mode: 'main' });
      case 'presets':
        return this.presetKey(input, key);
      case 'save':
        return this.saveKey(input, key);
      case 'learn':
        return this.learnKey(input, key);
      case 'main': {
        const snap = this.engine.snapshot();
        if (key.escape && snap.learn.armedFor) return this.learn(null);
        if (key.escape && snap.perform.learnAction) {
          this.send({ type: 'learnAction', action: null });
          return this.update({ notice: 'MIDI learn cancelled' });
        }
        const action = actionFor(input, key);
        if (action) this.perform(action);
      }
    }
  }

  private update(patch: Partial<UiState>): void {
    this.state = { ...this.state, ...patch, ...('notice' in patch ? { noticeAt: Date.now() } : {}) };
    this.onChange();
  }

  private send(command: EngineCommand): void {
    this.engine.send(command);
  }

  private perform(action: Action): void {
    switch (action.kind) {
      case 'select': {
        const i = CONTROLS.findIndex((c) => c.key === this.state.selected);
        return this.update({ selected: CONTROLS[(i + action.delta + CONTROLS.length) % CONTROLS.length].key });
      }
      case 'page':
        return this.update({ selected: pageStep(this.state.selected, action.delta) });
      case 'adjust':
        return this.adjust(action.key ?? this.state.selected, action.delta);
      case 'command':
        this.send(action.command);
        return this.update({ notice: NOTICES[action.command.type] ?? null });
      case 'learn': {
        const snap = this.engine.snapshot();
        if (snap.learn.armedFor) return this.learn(null); // l again cancels
        if (snap.perform.learnAction) {
          this.send({ type: 'learnAction', action: null });
          return this.update({ notice: 'MIDI learn cancelled' });
        }
        const keys = Object.values(ACTION_KEYS).map((a) => a.key).join(' ');
        return this.update({ mode: 'learn', notice: `learn: press ${keys} to bind that action, or l for ${controlFor(this.state.selected).label} (esc cancels)` });
      }
      case 'help':
        return this.update({ mode: 'help' });
      case 'presets':
        return this.openPresets();
      case 'save':
        return this.update({ mode: 'save', draft: '' });
      case 'quit':
        return this.quit();
    }
  }

  private adjust(key: SettingKey, dir: 1 | -1): void {
    const value = controlFor(key).step(this.valueOf(key), dir);
    this.send({ type: 'set', key, value });
    // A direct key for a control on another page selects it, so its page shows the value it sent.
    const selected = pageOf(key) === pageOf(this.state.selected) ? this.state.selected : key;
    this.update({ selected, pending: { ...this.state.pending, [key]: { value, at: Date.now() } }, notice: null });
  }

  private learn(target: SettingKey | null): void {
    this.send({ type: 'learn', target });
    this.update({
      notice: target ? `MIDI learn: move a knob to bind it to ${controlFor(target).label} (l or esc cancels)` : 'MIDI learn cancelled',
    });
  }

  /** The key after `l`: an action's key binds that action, l or enter the selected control. */
  private learnKey(input: string, key: Key): void {
    if (key.escape) return this.update({ mode: 'main', notice: 'MIDI learn cancelled' });
    if (input === 'l' || key.return) {
      this.update({ mode: 'main' });
      return this.learn(this.state.selected);
    }
    const action = learnableAction(input);
    if (!action) return this.update({ mode: 'main', notice: `nothing to learn on "${input}"` });
    this.send({ type: 'learnAction', action });
    this.update({ mode: 'main', notice: `MIDI learn: press a pad or button (or send a program change) for ${action} (l or esc cancels)` });
  }

  private quit(): void {
    this.quitPresses += 1;
    this.send({ type: 'quit' });
    if (this.quitPresses >= FORCE_QUIT_PRESSES) return this.onGiveUp();
    const left = FORCE_QUIT_PRESSES - this.quitPresses;
    this.update({
      quitting: true,
      notice: this.quitPresses === 1 ? 'stopping: sending note-offs…' : `still stopping… (${left} more ^C leaves anyway)`,
    });
  }

  private openPresets(): void {
    this.update({ mode: 'presets', presetNames: null });
    const current = this.engine.snapshot().settings.preset;
    this.listPresets().then(
      (names) => this.update({ presetNames: names, presetIndex: Math.max(0, names.indexOf(current)) }),
      () => this.update({ presetNames: [] }),
    );
  }

  private presetKey(input: string, key: Key): void {
    const names = this.state.presetNames ?? [];
    const i = this.state.presetIndex;
    if (key.escape || input === 'o' || input === 'q') return this.update({ mode: 'main' });
    if (names.length === 0) return;
    if (key.upArrow) return this.update({ presetIndex: (i - 1 + names.length) % names.length });
    if (key.downArrow) return this.update({ presetIndex: (i + 1) % names.length });
    if (key.return) {
      this.send({ type: 'preset', name: names[i] });
      this.update({ mode: 'main', notice: `loading preset "${names[i]}"` });
    }
  }

  private saveKey(input: string, key: Key): void {
    const draft = this.state.draft;
    if (key.escape) return this.update({ mode: 'main' });
    if (key.return) {
      if (!PRESET_NAME.test(draft)) return;
      this.send({ type: 'savePreset', name: draft });
      return this.update({ mode: 'main', notice: `saving preset "${draft}"` });
    }
    // Terminals send DEL for backspace, which Ink reports as `delete`.
    if (key.backspace || key.delete) return this.update({ draft: draft.slice(0, -1) });
    if (!key.ctrl && !key.meta && input && !/[\x00-\x1f]/.test(input)) this.update({ draft: (draft + input).slice(0, 40) });
  }
}
