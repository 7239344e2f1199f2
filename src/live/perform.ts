// What a performer does to a running bridge besides turning knobs: learnable actions (pads, buttons,
// program changes), the variant history, loop export, the session recording, and the program change
// a hardware synth wants. One owner for that state; the engine calls in at its hooks (a message in,
// a message out, a swap, generation progress, the stop) and hands it what it may touch.
import type { Meter } from '../clock/meter.ts';
import { VariantHistory } from '../loop/history.ts';
import { exportLoop, seedTag } from '../loop/export.ts';
import type { LoopPlayer } from '../loop/player.ts';
import type { Variant } from '../loop/variant.ts';
import type { MidiMessage } from '../midi/codec.ts';
import type { BridgeSettings } from '../settings/values.ts';
import { ACTION_COMMANDS } from './commands.ts';
import { actionFor, describeTrigger, learnAction, loadActionBindings, saveActionBindings, triggerOf, type ActionBinding, type ActionName } from './actions.ts';
import { SessionRecorder } from './sessionRecord.ts';
import type { EngineCommand, PerformOptions, PerformSnapshot } from './types.ts';

export type { PerformOptions };

/** What the engine lets the performance see and do. */
export interface PerformHost {
  readonly player: Pick<LoopPlayer, 'current' | 'pending' | 'queue'>;
  settings(): Readonly<BridgeSettings>;
  meter(): Meter;
  bpm(): number; // 0 while unknown
  position(): number; // the clock tick a message sent now belongs to
  seed(): readonly number[] | null; // what the seed is made of (for the file names' seed tag)
  send(command: EngineCommand): void; // what a triggered action does
  sendRaw(m: MidiMessage): void; // program and bank changes, out the output port
  status(level: 'info' | 'warn' | 'error', message: string): void;
  unbindKnob(channel: number, cc: number): void; // a CC learned for an action stops moving a setting
  keepQueued(): void; // the performer chose a variant: no automatic change overrides it
  settingsFile: string | null;
}

export class Performance {
  readonly history: VariantHistory<{ settings: BridgeSettings; seed: string }>;
  actions: ActionBinding[];
  learning: ActionName | null = null;
  lastExport: string | null = null;
  lastAction: PerformSnapshot['lastAction'] = null;
  readonly recorder: SessionRecorder | null;
  private exports = 0;
  /** An export asked for while its variant still streams: written once its last bar is made. */
  private waitingExport: Variant | null = null;

  constructor(
    private host: PerformHost,
    private opts: PerformOptions,
  ) {
    this.history = new VariantHistory(opts.historySize ?? 16);
    this.actions = loadActionBindings(host.settingsFile);
    const clock = { position: () => host.position(), bpm: () => host.bpm() };
    this.recorder = opts.record ? new SessionRecorder(opts.record, host.meter(), clock) : null;
  }

  private tag(): string {
    return seedTag(this.host.seed() ?? []);
  }

  /** A message from the input: true when it was an action (or learned one), so it is not a seed note. */
  onMidi(m: MidiMessage): boolean {
    const t = triggerOf(m);
    if (!t) return false;
    if (this.learning && t.press) {
      const action = this.learning;
      this.learning = null;
      this.actions = learnAction(this.actions, action, t.trigger);
      if (t.trigger.kind === 'cc') this.host.unbindKnob(t.trigger.channel, t.trigger.number);
      this.host.status('info', `${describeTrigger(t.trigger)} now triggers ${action}`);
      this.save(); // a warning, if it cannot be saved, follows
      return true;
    }
    const hit = actionFor(this.actions, m);
    if (!hit) return false;
    if (hit.press) {
      const count = this.lastAction?.action === hit.action ? this.lastAction.count + 1 : 1;
      this.lastAction = { action: hit.action, trigger: describeTrigger(t.trigger), count };
      this.host.send(ACTION_COMMANDS[hit.action]);
    }
    return true;
  }

  learn(action: ActionName | null): void {
    this.learning = action;
    if (action) this.host.status('info', `press a pad or button (or send a program change) to trigger ${action}`);
  }

  private save(): void {
    const path = this.host.settingsFile;
    if (!path) return;
    try {
      const notSaved = saveActionBindings(path, this.actions);
      if (notSaved) this.host.status('warn', `bindings not saved: ignoring ${path}: ${notSaved}`);
    } catch (err) {
      this.host.status('warn', `could not save the bindings to ${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Everything that goes out, for --record. */
  sent(m: MidiMessage): void {
    this.recorder?.sent(m);
  }

  /** A variant started playing: keep it in the history with the settings it plays under. */
  onSwap(v: Variant): void {
    this.history.add(v, { settings: this.host.settings(), seed: this.tag() });
    this.history.playing(v);
  }

  step(delta: -1 | 1): void {
    const v = this.history.step(delta);
    if (!v) return this.host.status('info', delta < 0 ? 'no older variant in the history' : 'no newer variant in the history');
    this.host.keepQueued();
    this.host.player.queue(v); // the playing one again: it simply plays on
    this.host.status('info', v === this.host.player.current ? `back to variant ${v.id}: it plays on` : `variant ${v.id} from the history swaps in at the loop end`);
  }

  favourite(): void {
    const current = this.host.player.current;
    if (!current) return this.host.status('info', 'nothing playing to favourite');
    const fav = this.history.favourite(current);
    this.host.status('info', fav ? `variant ${current.id} is the favourite` : `variant ${current.id} is no longer the favourite`);
  }

  export(which: 'playing' | 'favourite' = 'playing'): void {
    const entry = which === 'favourite' ? this.history.favouriteEntry() : this.history.find(this.host.player.current);
    if (!entry) return this.host.status('warn', which === 'favourite' ? 'export: no favourite yet (f marks the playing loop)' : 'export: nothing is playing yet');
    const v = entry.variant;
    if (!v.complete) {
      this.waitingExport = v;
      return this.host.status('info', `export: variant ${v.id} is written once its last bar is made (${v.barsReady} of ${v.bars})`);
    }
    this.write(v, entry.info.seed);
  }

  /** Generation made progress: a waiting export may be ready now. */
  onProgress(): void {
    const v = this.waitingExport;
    if (!v?.complete) return;
    this.waitingExport = null;
    this.write(v, this.history.find(v)?.info.seed ?? this.tag());
  }

  private write(v: Variant, seed: string): void {
    const s = this.host.settings();
    const format = { bpm: Math.round(this.host.bpm() * 100) / 100 || 120, meter: this.host.meter(), channel: s.channel, velocityPercent: s.velocity };
    const n = ++this.exports;
    exportLoop(this.opts.exportDir ?? process.cwd(), v, format, seed).then(
      (path) => {
        if (n === this.exports) this.lastExport = path;
        this.host.status('info', `exported variant ${v.id} at ${format.bpm} BPM: ${path}`); // the tempo written in the file
      },
      (err: unknown) => this.host.status('error', `export failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  /** Program change (and bank select) on the output channel, for hardware synths. */
  sendProgram(): void {
    if (this.opts.program === undefined) return;
    const channel = this.host.settings().channel - 1;
    if (this.opts.bank !== undefined) {
      this.host.sendRaw({ type: 'cc', channel, controller: 0, value: this.opts.bank >> 7 });
      this.host.sendRaw({ type: 'cc', channel, controller: 32, value: this.opts.bank & 127 });
    }
    this.host.sendRaw({ type: 'programChange', channel, program: this.opts.program - 1 });
  }

  snapshot(): PerformSnapshot {
    const { current, pending } = this.host.player;
    const queued = current ? pending : null;
    return {
      history: this.history.entries.map((h) => ({
        variant: h.variant.id,
        loopScore: h.variant.loopScore,
        favourite: h.favourite,
        playing: h.variant === current,
        queued: h.variant === queued,
      })),
      favourite: this.history.favouriteEntry()?.variant.id ?? null,
      lastExport: this.lastExport,
      recording: this.recorder ? { path: this.recorder.path, messages: this.recorder.messages } : null,
      learnAction: this.learning,
      actions: [...this.actions],
      lastAction: this.lastAction,
    };
  }

  /** Why --record could not be written, for the host to report once the engine has stopped. */
  recordError: string | null = null;

  /** On the way out, after the last note-off: write --record. */
  stop(): void {
    if (!this.recorder || this.recorder.saved) return;
    try {
      this.recorder.save();
    } catch (e) {
      this.recordError = `--record ${this.recorder.path}: cannot write it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    }
  }
}
