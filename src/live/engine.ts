// The live bridge: capture -> generation -> loop. The Transport says when; the seed capture turns
// played notes into a seed; the generation side turns it into a Variant bar by bar; the player and
// LoopOutput play it on the clock. Time comes from an injected Scheduler, so tests run in virtual time.
import type { Scheduler } from '../clock/scheduler.ts';
import { ticksPerBar, ticksPerMeterBeat, type Meter } from '../clock/meter.ts';
import { Transport } from '../clock/transport.ts';
import type { MidiMessage } from '../midi/codec.ts';
import type { MidiInPort, MidiOutPort } from '../midi/transport.ts';
import { LoopPlayer } from '../loop/player.ts';
import { NoteOutput } from '../loop/notes.ts';
import { Variant } from '../loop/variant.ts';
import { bridgeSettings } from '../settings/values.ts';
import type { LiveSettingKey } from '../settings/table.ts';
import { SeedCapture, type CapturedSeed } from './capture.ts';
import { Controls, type PresetStore } from './controls.ts';
import type { LoopGenerator } from './generation.ts';
import { Notifier } from './notifier.ts';
import { Variants } from './variants.ts';
import { LoopOutput, warmUpPlayback } from './output.ts';
import { runCommand, type LoopActions } from './commands.ts';
import { toSnapshot, type EngineView } from './snapshot.ts';
import type { BridgeSettings, Bridge, EngineCommand, EngineSnapshot } from './types.ts';

export type { PresetStore };

export interface EngineOptions {
  scheduler: Scheduler;
  input: MidiInPort;
  output: MidiOutPort;
  generator: LoopGenerator;
  modelName?: string;
  bpm?: number; // internal clock tempo
  meter?: Meter; // the DAW project's meter (MIDI clock carries none); 4/4 when absent
  clockOut?: boolean; // send the internal clock out (clock master)
  internalClock?: boolean; // run the internal clock until an external one arrives (default true)
  settings?: Partial<BridgeSettings>;
  candidates?: number;
  presets?: PresetStore;
  settingsFile?: string | null; // MIDI learn bindings; null = not persisted
  autoVariantPasses?: number; // without hold, a fresh variant takes over after this many passes (0 = never)
  rngSeed?: number;
  onSent?: (m: MidiMessage) => void;
}

export class LiveEngine implements Bridge, LoopActions {
  private readonly transport: Transport;
  private readonly controls: Controls;
  private readonly notes: NoteOutput;
  private readonly player: LoopPlayer;
  private readonly out: LoopOutput;
  private readonly variants: Variants;
  private readonly changes = new Notifier(() => this.snapshot());
  private capture: SeedCapture;
  private captured: CapturedSeed | null = null;
  private statusNow: EngineSnapshot['status'] = null;
  private stoppedNow = false;
  private unsubscribeInput: () => void;
  private watchdog: (() => void) | null = null;
  private closing: Promise<void> | null = null;

  constructor(private readonly opts: EngineOptions) {
    const settings = bridgeSettings(opts.settings);
    this.controls = new Controls(
      { settings, candidates: opts.candidates, presets: opts.presets, settingsFile: opts.settingsFile },
      { onSet: (key, value) => this.onSet(key, value), status: (level, message) => this.setStatus(level, message) },
    );
    this.notes = new NoteOutput(opts.output, opts.onSent);
    this.player = new LoopPlayer({ onSwap: () => this.onSwap(), onPassEnd: () => this.variants.onPassEnd() });
    this.out = new LoopOutput(opts.scheduler, this.player, this.notes, settings.channel - 1, settings.latencyMs);
    this.transport = new Transport(
      opts.scheduler,
      {
        onTick: (tick, time) => this.onTick(tick, time),
        onStart: (tick, _time, kind) => this.onStart(tick, kind),
        onStop: (_time, reason) => this.onStop(reason),
        onSourceChange: () => this.onSourceChange(),
      },
      { bpm: opts.bpm, meter: opts.meter, clockOut: opts.clockOut ? (m) => this.notes.send(m) : null },
    );
    this.capture = this.newCapture();
    this.variants = new Variants({
      ...{ generator: opts.generator, player: this.player, scheduler: opts.scheduler, autoVariantPasses: opts.autoVariantPasses ?? 2, rngSeed: opts.rngSeed ?? 1 },
      params: () => ({ ...this.variantSettings(), ticksPerBar: ticksPerBar(this.transport.meter) }),
      onChange: () => this.notify(),
      onError: (err) => this.setStatus('error', `generation failed: ${err.message}`),
    });
    warmUpPlayback({ player: () => new LoopPlayer(), notes: (port) => new NoteOutput(port), variant: () => new Variant(0, 1) }, opts.scheduler);
    this.unsubscribeInput = opts.input.onMessage((m, t) => this.receive(m, t));
    if (opts.internalClock !== false) this.transport.startInternal();
    this.armWatchdog();
  }

  // ---- what others read ----
  snapshot(): EngineSnapshot {
    return toSnapshot(this.view());
  }
  subscribe(listener: (s: EngineSnapshot) => void): () => void {
    return this.changes.subscribe(listener);
  }
  /** Cheap change signal for hosts that build snapshots at their own pace (the timing thread). */
  onChange(listener: () => void): () => void {
    return this.changes.onChange(listener);
  }
  get clock(): Pick<Transport, 'bpm' | 'msPerTick' | 'timeOf' | 'source' | 'running' | 'meter'> {
    return this.transport;
  }
  get loop(): EngineView['player'] {
    return this.player;
  }
  get seed(): Readonly<CapturedSeed> | null {
    return this.captured;
  }
  get settings(): Readonly<BridgeSettings> {
    return this.controls.settings;
  }
  get stats(): EngineView['stats'] {
    return { notesOut: this.notes.notesOut, hanging: this.notes.hanging };
  }
  get status(): EngineSnapshot['status'] {
    return this.statusNow;
  }
  get stopped(): boolean {
    return this.stoppedNow;
  }

  private view(): EngineView {
    const { input, output, generator, modelName } = this.opts;
    return {
      ports: { input: input.name, output: output.name },
      model: { name: modelName ?? generator.manifest?.name ?? 'model', provider: generator.provider },
      ...{ transport: this.transport, controls: this.controls, player: this.player, capture: this.capture, seed: this.captured },
      ...{ first: this.variants.first, next: this.variants.next, waiting: this.variants.waiting },
      ...{ status: this.statusNow, stats: this.stats, stopped: this.stoppedNow },
    };
  }

  notify(): void {
    this.changes.notify();
  }

  setStatus(level: 'info' | 'warn' | 'error', message: string): void {
    this.statusNow = { level, message };
    this.notify();
  }

  // ---- input: one entry per port message; clock messages go to the Transport ----
  /** Every message from the input port lands here; a router (several inputs, filters) may call it too. */
  receive(m: MidiMessage, time: number): void {
    if (this.stoppedNow || this.transport.handle(m, time)) return;
    if (m.type === 'noteOn') this.noteOn(m.note, m.velocity, time);
    else if (m.type === 'noteOff') this.noteOff(m.note, time);
    else if (m.type === 'cc') this.controlChange(m.channel + 1, m.controller, m.value);
  }

  noteOn(note: number, velocity: number, time: number): void {
    if (!this.transport.running) return;
    this.capture.noteOn(note, velocity, this.transport.positionAt(time));
    if (this.capture.state === 'capturing') this.notify();
  }

  noteOff(note: number, time: number): void {
    if (!this.transport.running) return;
    this.capture.noteOff(note, this.transport.positionAt(time));
    if (this.capture.state === 'capturing') this.notify();
  }

  /** channel 1-16. A CC learns, moves a bound setting, or reaches the capture (the pedal ends a seed). */
  controlChange(channel: number, cc: number, value: number): void {
    if (this.controls.cc(channel, cc, value)) return this.notify();
    this.capture.cc(cc, value);
    if (this.capture.state === 'capturing') this.notify();
  }

  // ---- clock ----
  private onSourceChange(): void {
    this.out.halt();
    this.setStatus('info', 'following external MIDI clock');
  }

  private onStart(tick: number, kind: 'start' | 'continue'): void {
    this.out.halt();
    if (kind === 'start' && this.player.current) this.player.origin = tick; // Play from the top restarts the loop
    this.notify();
  }

  private onStop(reason: 'stop' | 'timeout'): void {
    this.out.halt();
    if (this.capture.state === 'capturing') this.capture = this.newCapture(); // half a seed is no seed
    if (reason === 'timeout') this.setStatus('warn', 'MIDI clock stopped arriving: transport stopped');
    this.notify();
  }

  private onTick(tick: number, time: number): void {
    if (this.stoppedNow) return;
    this.out.onTick(tick, time, this.transport.msPerTick());
    const seed = this.capture.tick(tick);
    if (seed) this.onSeed(seed);
    if (tick % ticksPerMeterBeat(this.transport.meter) === 0) this.notify();
  }

  // ---- capture -> generation -> loop ----
  private newCapture(): SeedCapture {
    return new SeedCapture({ seedBars: this.settings.seedBars, gridPerBeat: this.opts.generator.gridPerBeat, meter: this.transport.meter });
  }

  private onSeed(seed: CapturedSeed): void {
    this.captured = seed;
    this.variants.start(seed);
    this.notify();
  }

  private variantSettings() {
    const { loopBars: bars, sampler, hold } = this.controls.settings;
    return { bars, sampler, hold, candidates: this.controls.candidates };
  }

  private onSwap(): void {
    this.statusNow = null;
    this.variants.onSwap();
    this.notify();
  }

  /** Controls changed a setting: apply what the engine owns (the rest is read at the next variant). */
  private onSet(key: LiveSettingKey, value: number): void {
    if (key === 'seedBars' && this.capture.state === 'armed') this.capture = this.newCapture();
    else if (key === 'channel') this.out.setChannel(value - 1);
    else if (key === 'latencyMs') this.out.latencyMs = value;
  }

  // ---- commands (the TUI's keys, learned actions) ----
  send(command: EngineCommand): void {
    try {
      runCommand(command, this.controls, this);
    } catch (err) {
      this.setStatus('error', err instanceof Error ? err.message : String(err));
    }
    this.notify();
  }

  requestVariant(mode: 'regenerate' | 'mutate'): void {
    this.variants.request(mode, true);
  }

  hold(on?: boolean): void {
    if (this.controls.hold(on)) this.variants.dropWaiting();
  }

  panic(): void {
    this.out.halt();
    this.notes.panic();
    this.setStatus('info', 'panic: all notes off on all channels');
  }

  rearm(): void {
    this.variants.reset();
    this.out.halt();
    this.player.reset();
    this.captured = null;
    this.capture = this.newCapture();
    this.setStatus('info', 'armed: play a seed');
  }

  /** Checked every 250 ms: a silent DAW clock counts as Stop, a lost output port is reported once. */
  private armWatchdog(): void {
    const { scheduler } = this.opts;
    this.watchdog = scheduler.at(scheduler.now() + 250, () => {
      if (this.stoppedNow) return;
      this.transport.checkTimeout(scheduler.now());
      if (this.notes.lost && this.statusNow?.message !== this.notes.lost.message) {
        this.out.halt();
        this.setStatus('error', `${this.notes.lost.message}: notes stopped (reconnect it and restart seedloop)`);
      }
      this.armWatchdog();
    });
  }

  // ---- exit ----
  /** Synchronous part of every exit path: every sounding note gets its off, now. Safe to call twice. */
  stopNow(): void {
    if (this.stoppedNow) return;
    this.stoppedNow = true;
    this.watchdog?.();
    this.variants.reset();
    this.out.halt();
    this.notes.allOff();
    this.transport.stop();
    this.unsubscribeInput();
  }

  /** q / quit: notes off, clock stopped, generator and ports closed; snapshot.stopped turns true. */
  async quit(): Promise<void> {
    this.stopNow();
    this.closing ??= (async () => {
      try {
        await this.opts.generator.close();
      } catch {
        // closing is best effort
      }
      this.opts.input.close();
      this.opts.output.close();
      this.changes.publish();
    })();
    return this.closing;
  }
}
