// The live bridge: capture -> generation -> loop. The Transport says when; SeedInput turns played
// notes into a seed; Variants turn it into a Variant bar by bar (the worker does the model and the
// tokens); Playback plays it on the clock. Time comes from an injected Scheduler: tests run in virtual time.
import { TICKS_PER_BEAT, ticksPerBar, ticksPerMeterBeat } from '../clock/meter.ts';
import { Transport } from '../clock/transport.ts';
import type { MidiMessage } from '../midi/codec.ts';
import { bridgeSettings } from '../settings/values.ts';
import type { LiveSettingKey } from '../settings/table.ts';
import { seedAsVariant, type CapturedSeed } from './capture.ts';
import { LiveInputs } from './inputs.ts';
import { Controls, type PresetStore } from './controls.ts';
import { Notifier } from './notifier.ts';
import { SeedInput } from './seedInput.ts';
import { Variants } from './variants.ts';
import { Playback } from './playback.ts';
import { runCommand, type LoopActions } from './commands.ts';
import { toSnapshot, type EngineView } from './snapshot.ts';
import { Performance } from './perform.ts';
import { LiveGroove } from '../feel/liveGroove.ts';
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
  private stoppedNow = false;
  private closing: Promise<void> | null = null;

  constructor(private readonly opts: EngineOptions) {
    const settings = bridgeSettings(opts.settings);
    this.controls = new Controls(
      { settings, candidates: opts.candidates, presets: opts.presets, settingsFile: opts.settingsFile },
      { onSet: (key, value) => this.onSet(key, value), status: (level, message) => this.setStatus(level, message) },
    );
    this.groove = new LiveGroove(opts.groove, opts.rngSeed ?? 1);
    const hooks = { onSwap: () => this.onSwap(), onPassEnd: () => this.onPassEnd() };
    const onLost = (err: Error) => this.setStatus('error', `${err.message}: notes stopped (reconnect it and restart seedloop)`);
    const onSent = (m: MidiMessage) => {
      this.inputs.sent(m); // remembered a moment, so its echo is known when it comes back
      opts.onSent?.(m);
      this.performance.sent(m);
    };
    this.playback = new Playback(opts.scheduler, opts.output, hooks, { channel: settings.channel, latencyMs: settings.latencyMs, onSent, onLost });
    this.playback.setVelocity(settings.velocity);
    this.playback.setMuted(settings.muted);
    const clock = { onTick: (tick: number, time: number) => this.onTick(tick, time), onSourceChange: () => this.onSourceChange() };
    this.transport = new Transport(
      opts.scheduler,
      { ...clock, onStart: (tick, _time, kind) => this.onStart(tick, kind), onStop: (_time, reason) => this.onStop(reason), onPosition: () => this.onRelocate() },
      { bpm: opts.bpm, meter: opts.meter, clockOut: opts.clockOut ? (m) => this.playback.sendClock(m) : null },
    );
    this.seeds = new SeedInput(() => ({ seedBars: this.settings.seedBars, gridPerBeat: opts.generator.gridPerBeat, meter: this.transport.meter, end: opts.seedEnd, countIn: opts.countIn }));
    this.variants = new Variants({
      ...{ generator: opts.generator, player: this.playback.player, scheduler: opts.scheduler, rngSeed: opts.rngSeed ?? 1 },
      params: () => {
        const { loopBars: bars, sampler, hold, changeEvery } = this.controls.settings;
        return { bars, sampler, hold, changeEvery, candidates: this.controls.candidates, ticksPerBar: ticksPerBar(this.transport.meter) };
      },
      onChange: () => {
        this.performance.onProgress();
        this.notify();
      },
      onError: (err) => this.setStatus('error', `generation failed: ${err.message}`),
    });
    this.performance = new Performance(this.performHost(), opts.perform ?? {});
    this.inputs = new LiveInputs(opts.scheduler, opts.inputs ?? (opts.input ? [opts.input] : []), opts.output, opts.routing ?? {}, {
      clock: (m, t) => this.receive(m, t),
      played: (m, t) => (m.type === 'cc' ? this.pedal(m.controller, m.value, t) : this.receive(m, t)),
      // A pad or button bound to an action is never a seed note (a knob being learned is the Controls').
      action: (m) => !this.stoppedNow && !(this.controls.learnTarget && m.type === 'cc') && this.performance.onMidi(m) && (this.notify(), true),
      control: (m) => !this.stoppedNow && this.controls.cc(m.channel + 1, m.controller, m.value) && (this.notify(), true),
      thru: (m) => this.playback.thru(m),
      thruActive: () => this.seeds.seed === null,
      gone: (port, isOutput) => (isOutput ? onLost(new Error(`MIDI port "${port.name}" is gone`)) : this.setStatus('warn', `MIDI input "${port.name}" is gone: nothing more arrives from it (reconnect it and restart seedloop)`)),
    });
    this.performance.sendProgram(); // after the inputs: they hear of everything sent (echo filter)
    if (opts.internalClock !== false) this.transport.startInternal();
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
  get clock(): Pick<Transport, 'bpm' | 'msPerTick' | 'timeOf' | 'source' | 'running' | 'meter'> { return this.transport; }
  get loop(): EngineView['player'] { return this.playback.player; }
  get seed(): Readonly<CapturedSeed> | null { return this.seeds.seed; }
  get settings(): Readonly<BridgeSettings> { return this.controls.settings; }
  get stats(): EngineView['stats'] { return this.playback.stats; }
  get status(): EngineSnapshot['status'] { return this.changes.status; }
  get stopped(): boolean { return this.stoppedNow; }
  get performing(): Pick<Performance, 'history' | 'recorder' | 'recordError'> { return this.performance; }

  private performHost(): ConstructorParameters<typeof Performance>[0] {
    const notes = (s: CapturedSeed) => s.score.tracks.flatMap((t) => t.notes.flatMap((n) => [n.pitch, n.start, n.duration, n.velocity]));
    return {
      player: this.playback.player,
      settings: () => this.controls.settings,
      meter: () => this.transport.meter,
      bpm: () => (this.transport.running ? this.transport.bpm() : 0),
      position: () => this.playback.sendingTick ?? Math.max(0, this.transport.tick),
      seed: () => (this.seeds.seed ? notes(this.seeds.seed) : null),
      send: (c) => this.send(c),
      sendRaw: (m) => this.playback.send(m),
      status: (level, message) => this.setStatus(level, message),
      unbindKnob: (channel, cc) => this.controls.unbind(channel, cc),
      keepQueued: () => this.variants.dropWaiting(),
      settingsFile: this.opts.settingsFile ?? null,
    };
  }

  private view(): EngineView {
    const { output, generator, modelName } = this.opts;
    return {
      ports: { input: this.inputs.names, output: output.name },
      model: { name: modelName ?? generator.manifest?.name ?? 'model', provider: generator.provider },
      ...{ transport: this.transport, controls: this.controls, player: this.playback.player, capture: this.seeds.view, seed: this.seeds.seed },
      ...{ first: this.variants.first, next: this.variants.next, waiting: this.variants.waiting },
      ...{ status: this.changes.status, stats: this.stats, stopped: this.stoppedNow, perform: this.performance.snapshot() },
      groove: this.groove.line(this.transport.bpm()),
    };
  }

  notify(): void {
    this.changes.notify();
  }

  setStatus(level: 'info' | 'warn' | 'error', message: string): void {
    this.changes.setStatus({ level, message });
  }

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

  /** Controls changed a setting: apply what the engine owns (the rest is read at the next variant). */
  private onSet(key: LiveSettingKey, value: number): void {
    if (key === 'seedBars') this.seeds.seedBarsChanged();
    else if (key === 'channel') {
      this.playback.setChannel(value);
      this.performance.sendProgram(); // the synth on the new channel gets its sound too
    } else if (key === 'latencyMs') this.playback.setLatency(value);
    else if (key === 'velocity') this.playback.setVelocity(value);
    else if (key === 'changeEvery') this.variants.prepare();
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

  requestVariant(mode: 'regenerate' | 'mutate'): void {
    this.variants.request(mode, true);
  }

  hold(on?: boolean): void {
    if (this.controls.hold(on)) this.variants.dropWaiting();
  }

  thru(on?: boolean): void {
    const router = this.inputs.router;
    router.thru = on ?? !router.thru;
    this.setStatus('info', router.thru ? `thru on: what you play goes to "${this.opts.output.name}" while a seed is played in` : 'thru off');
  }

  panic(): void {
    this.playback.panic();
    this.controls.mute(true);
    this.playback.setMuted(true);
    this.performance.sendProgram();
    this.setStatus('info', 'panic: all notes off on all channels; muted until un-muted');
  }

  mute(on?: boolean): void {
    const muted = this.controls.mute(on);
    this.playback.setMuted(muted);
    this.setStatus('info', muted ? 'muted: the loop runs on silently' : 'un-muted');
  }


  rearm(): void {
    this.groove.reset();
    this.variants.reset();
    this.playback.reset();
    this.seeds.rearm();
    this.setStatus('info', 'armed: play a seed');
  }

  // ---- exit ----
  /** Synchronous part of every exit path: every sounding note gets its off, now. Safe to call twice. */
  stopNow(): void {
    if (this.stoppedNow) return;
    this.stoppedNow = true;
    this.variants.reset();
    this.playback.stop();
    this.performance.stop(); // --record, with every note-off in it
    this.transport.stop();
    this.inputs.stop();
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
