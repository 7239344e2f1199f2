// The live bridge: capture -> generation -> loop. The Transport says when; SeedInput turns played
// notes into a seed; Variants turn it into a Variant bar by bar (the worker does the model and the
// tokens); Playback plays it on the clock. Time comes from an injected Scheduler: tests run in virtual time.
// The parts are built and wired in parts.ts; what each does when another has news is here.
import { TICKS_PER_BEAT, ticksPerBar, ticksPerMeterBeat } from '../clock/meter.ts';
import type { Transport } from '../clock/transport.ts';
import type { MidiMessage } from '../midi/codec.ts';
import { seedAsVariant, type CapturedSeed } from './capture.ts';
import type { LiveInputs } from './inputs.ts';
import type { Controls, PresetStore } from './controls.ts';
import { Notifier } from './notifier.ts';
import type { SeedInput } from './seedInput.ts';
import type { Variants } from './variants.ts';
import type { Playback } from './playback.ts';
import { runCommand, type LoopActions } from './commands.ts';
import { toSnapshot, type EngineView } from './snapshot.ts';
import type { Performance } from './perform.ts';
import type { LiveGroove } from '../feel/liveGroove.ts';
import { buildParts, stopParts, viewOf, type EngineParts } from './parts.ts';
import { PartsLoopActions } from './loopActions.ts';
import type { BridgeSettings, Bridge, EngineCommand, EngineOptions, EngineSnapshot } from './types.ts';

export type { EngineOptions, PresetStore };

export class LiveEngine implements Bridge, LoopActions {
  private readonly transport: Transport;
  private readonly controls: Controls;
  private readonly playback: Playback;
  private readonly variants: Variants;
  private readonly changes = new Notifier(() => this.snapshot());
  private readonly seeds: SeedInput;
  private readonly inputs: LiveInputs;
  private readonly performance: Performance;
  private readonly groove: LiveGroove;
  private readonly actions: PartsLoopActions;
  private readonly parts: EngineParts;
  private stoppedNow = false;
  private closing: Promise<void> | null = null;

  constructor(private readonly opts: EngineOptions) {
    this.parts = buildParts(opts, {
      clock: {
        ...{ onTick: (tick, time) => this.onTick(tick, time), onSourceChange: () => this.onSourceChange(), onPosition: () => this.onRelocate() },
        ...{ onStart: (tick, _time, kind) => this.onStart(tick, kind), onStop: (_time, reason) => this.onStop(reason) },
      },
      ...{ status: (level, message) => this.setStatus(level, message), notify: () => this.notify(), stopped: () => this.stoppedNow },
      ...{ receive: (m, t) => this.receive(m, t), pedal: (cc, value, t) => this.pedal(cc, value, t), send: (c) => this.send(c) },
      ...{ swap: () => this.onSwap(), passEnd: () => this.onPassEnd() },
    });
    ({ transport: this.transport, controls: this.controls, playback: this.playback, variants: this.variants } = this.parts);
    ({ seeds: this.seeds, inputs: this.inputs, performance: this.performance, groove: this.groove } = this.parts);
    this.actions = new PartsLoopActions(this.parts, opts.output.name, (level, message) => this.setStatus(level, message));
    if (opts.internalClock !== false) this.transport.startInternal();
  }

  // ---- what others read ----
  snapshot(): EngineSnapshot { return toSnapshot(viewOf(this.parts, this.opts, this.changes.status, this.stoppedNow)); }
  subscribe(listener: (s: EngineSnapshot) => void): () => void { return this.changes.subscribe(listener); }
  /** Cheap change signal for hosts that build snapshots at their own pace (the timing thread). */
  onChange(listener: () => void): () => void { return this.changes.onChange(listener); }
  get clock(): Pick<Transport, 'bpm' | 'msPerTick' | 'timeOf' | 'source' | 'running' | 'meter'> { return this.transport; }
  get loop(): EngineView['player'] { return this.playback.player; }
  get seed(): Readonly<CapturedSeed> | null { return this.seeds.seed; }
  get settings(): Readonly<BridgeSettings> { return this.controls.settings; }
  get stats(): EngineView['stats'] { return this.playback.stats; }
  get status(): EngineSnapshot['status'] { return this.changes.status; }
  get stopped(): boolean { return this.stoppedNow; }
  get performing(): Pick<Performance, 'history' | 'recorder' | 'recordError'> { return this.performance; }

  notify(): void { this.changes.notify(); }
  setStatus(level: 'info' | 'warn' | 'error', message: string): void { this.changes.setStatus({ level, message }); }

  // ---- input: one entry per port message; clock messages go to the Transport ----
  /** Every message from the input port lands here; a router (several inputs, filters) may call it too. */
  receive(m: MidiMessage, time: number): void {
    if (this.stoppedNow || this.transport.handle(m, time)) return;
    if (m.type === 'noteOn') this.noteOn(m.note, m.velocity, time);
    else if (m.type === 'noteOff') this.noteOff(m.note, time);
    else if (m.type === 'cc') this.controlChange(m.channel + 1, m.controller, m.value, time);
  }

  noteOn(note: number, velocity: number, time: number): void {
    if (this.transport.running && this.seeds.noteOn(note, velocity, this.transport.positionAt(time))) this.notify();
  }

  noteOff(note: number, time: number): void {
    if (this.transport.running && this.seeds.noteOff(note, this.transport.positionAt(time))) this.notify();
  }

  /** channel 1-16. A CC learns, moves a bound setting, or reaches the capture (the sustain pedal). */
  controlChange(channel: number, cc: number, value: number, time = this.opts.scheduler.now()): void {
    if (this.controls.cc(channel, cc, value)) this.notify();
    else this.pedal(cc, value, time);
  }

  private pedal(cc: number, value: number, time: number): void {
    if (!this.stoppedNow && this.seeds.cc(cc, value, this.transport.positionAt(time))) this.notify();
  }

  // ---- clock ----
  /** A DAW clock took over: its bar lines are not ours, so notes stop and half a seed is dropped. */
  private onSourceChange(): void {
    this.playback.halt();
    this.seeds.transportStopped();
    this.setStatus('info', 'following external MIDI clock');
  }

  private onStart(tick: number, kind: 'start' | 'continue'): void {
    if (kind === 'start') this.playback.restartAt(tick); // Play from the top restarts the loop
    else this.playback.halt();
    this.notify();
  }

  private onStop(reason: 'stop' | 'timeout'): void {
    this.playback.halt();
    this.seeds.transportStopped(); // half a seed is no seed
    if (reason === 'timeout') this.setStatus('warn', 'MIDI clock stopped arriving: transport stopped');
    this.notify();
  }

  /** Song Position (stopped or running) or a clock dropout moved the transport. */
  private onRelocate(): void {
    this.playback.halt(); // the player realigns to its grid of passes on the next tick
    this.seeds.transportStopped();
    this.notify();
  }

  private onTick(tick: number, time: number): void {
    if (this.stoppedNow) return;
    if (tick % TICKS_PER_BEAT === 0) this.performance.recorder?.tempo();
    const seed = this.seeds.tick(tick); // first: with the seed as fill, the loop starts on this very tick
    if (seed) {
      this.groove.onSeed(seed.timing, seed.startTick, this.opts.generator.gridPerBeat); // the notes as played, unquantized
      const fill = this.opts.loopStart === 'ready' ? null : seedAsVariant(seed, ticksPerBar(this.transport.meter));
      this.groove.apply([fill], this.controls.settings); // the seed standing in for bars not generated yet, played with its feel
      this.variants.start(seed, fill);
      this.notify();
    }
    this.playback.onTick(tick, time, this.transport.msPerTick());
    if (tick % ticksPerMeterBeat(this.transport.meter) === 0) this.notify();
  }

  // ---- generation -> loop ----
  private onSwap(): void {
    this.changes.setStatus(null);
    if (this.playback.player.current) this.performance.onSwap(this.playback.player.current);
    this.applyFeel();
    this.variants.onSwap();
    this.notify();
  }

  private onPassEnd(): void {
    this.variants.onPassEnd();
    this.applyFeel(); // feel settings changed during the pass are heard from the next one
  }

  /** Between passes only: a note never skips or doubles by moving across the tick being played. */
  private applyFeel(): void {
    const { player } = this.playback;
    this.groove.apply([player.current, player.pending], this.controls.settings);
  }

  // ---- commands (the TUI's keys, learned actions) ----
  send(command: EngineCommand): void {
    try {
      runCommand(command, this.controls, this, this.performance);
    } catch (err) {
      this.setStatus('error', err instanceof Error ? err.message : String(err));
    }
    this.notify();
  }

  requestVariant(mode: 'regenerate' | 'mutate'): void { this.actions.requestVariant(mode); }
  hold(on?: boolean): void { this.actions.hold(on); }
  thru(on?: boolean): void { this.actions.thru(on); }
  panic(): void { this.actions.panic(); }
  mute(on?: boolean): void { this.actions.mute(on); }
  rearm(): void { this.actions.rearm(); }

  // ---- exit ----
  /** Synchronous part of every exit path: every sounding note gets its off, now. Safe to call twice. */
  stopNow(): void {
    if (this.stoppedNow) return;
    this.stoppedNow = true;
    stopParts(this.parts);
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
      for (const input of this.inputs.ports) input.close();
      this.opts.output.close();
      this.changes.publish();
    })();
    return this.closing;
  }
}
