// The live bridge: clock in -> seed capture -> generation -> loop out. Implements `Engine` for the
// TUI. Time comes from an injected Scheduler and ticks from the clock, so tests run it in virtual time.
import { DEFAULT_SAMPLER } from '../sampling/types.ts';
import type { MidiMessage } from '../midi/codec.ts';
import type { MidiInPort, MidiOutPort } from '../midi/transport.ts';
import type { Scheduler } from '../clock/scheduler.ts';
import { ClockFollower } from '../clock/follower.ts';
import { InternalClock } from '../clock/internal.ts';
import { barBeat, FOUR_FOUR, TICKS_PER_BEAT, ticksPerBar, ticksPerMeterBeat, type Meter, type TransportListener } from '../clock/transport.ts';
import { LoopPlayer } from '../loop/player.ts';
import { NoteOutput } from '../loop/notes.ts';
import { Variant } from '../loop/variant.ts';
import { SeedCapture, type CapturedSeed } from './capture.ts';
import { VariantMaker, type VariantJob } from './generation.ts';
import { LoopOutput, warmUpPlayback } from './output.ts';
import { loadBindings, type Binding } from './learn.ts';
import { applySetting, learnOrControl, loadPresetInto, savePresetFrom } from './controls.ts';
import { seedToIds, type LiveGenerator, type LiveTokenizer } from './tokens.ts';
import { toSnapshot } from './snapshot.ts';
import type { BridgeSettings, Engine, EngineCommand, EngineSnapshot, SettingKey } from './types.ts';

export interface PresetStore {
  load(name: string): Promise<{ sampler: BridgeSettings['sampler']; bars: number; seedBars: number; candidates: number }>;
  save(name: string, data: { sampler: BridgeSettings['sampler']; bars: number; seedBars: number; candidates: number }): Promise<unknown>;
}

export interface EngineOptions {
  scheduler: Scheduler;
  input: MidiInPort;
  output: MidiOutPort;
  tokenizer: LiveTokenizer;
  generator: LiveGenerator;
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

export class LiveEngine implements Engine {
  readonly scheduler: Scheduler;
  readonly follower: ClockFollower;
  readonly internal: InternalClock;
  readonly notes: NoteOutput;
  readonly player: LoopPlayer;
  readonly out: LoopOutput;
  readonly meter: Meter;
  settings: BridgeSettings;
  source: 'external' | 'internal' = 'internal';
  running = false;
  tick = -1;
  tickTime = 0;
  capture: SeedCapture;
  seed: CapturedSeed | null = null;
  seedIds: number[] = [];
  first: VariantJob | null = null; // the first variant, while it is being made
  next: VariantJob | null = null; // the next variant (regenerate / mutate)
  waiting: Variant | null = null; // a finished auto variant, waiting for its turn
  bindings: Binding[];
  learnTarget: SettingKey | null = null;
  status: EngineSnapshot['status'] = null;
  stopped = false;
  candidates: number;
  private maker: VariantMaker;
  private listeners = new Set<(s: EngineSnapshot) => void>();
  private changeListeners = new Set<() => void>();
  private notifyPending = false;
  private unsubscribeInput: () => void;
  private watchdog: (() => void) | null = null;
  private closing: Promise<void> | null = null;

  constructor(readonly opts: EngineOptions) {
    this.scheduler = opts.scheduler;
    this.meter = opts.meter ?? FOUR_FOUR;
    this.settings = {
      sampler: { ...DEFAULT_SAMPLER, ...opts.settings?.sampler },
      loopBars: opts.settings?.loopBars ?? 8,
      seedBars: opts.settings?.seedBars ?? 4,
      channel: opts.settings?.channel ?? 1,
      latencyMs: opts.settings?.latencyMs ?? 0,
      preset: opts.settings?.preset ?? 'default',
      hold: opts.settings?.hold ?? false,
    };
    this.candidates = opts.candidates ?? 1;
    this.bindings = opts.settingsFile ? loadBindings(opts.settingsFile) : [];
    this.notes = new NoteOutput(opts.output, opts.onSent);
    this.player = new LoopPlayer({
      onSwap: (v) => this.onSwap(v),
      onPassEnd: (v) => this.onPassEnd(v),
    });
    this.out = new LoopOutput(this.scheduler, this.player, this.notes, this.settings.channel - 1, this.settings.latencyMs);
    this.follower = new ClockFollower(this.gate('external'), { window: ticksPerBar(this.meter) });
    this.internal = new InternalClock(this.scheduler, this.gate('internal'), opts.bpm ?? 120, opts.clockOut ? (m) => this.notes.send(m) : null);
    this.capture = this.newCapture();
    this.maker = new VariantMaker(opts.generator, opts.tokenizer, (job) => this.onProgress(job), (err) => this.fail(`generation failed: ${err.message}`), opts.rngSeed ?? 1);
    warmUpPlayback({ player: () => new LoopPlayer(), notes: (port) => new NoteOutput(port), variant: () => new Variant(0, 1) }, this.scheduler);
    this.unsubscribeInput = opts.input.onMessage((m, t) => this.onMidi(m, t));
    if (opts.internalClock !== false) this.internal.start(0);
    this.armWatchdog();
  }

  // ---- Engine (the TUI's view) ----
  snapshot(): EngineSnapshot {
    return toSnapshot(this);
  }

  subscribe(listener: (s: EngineSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(command: EngineCommand): void {
    try {
      this.command(command);
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err));
    }
    this.notify();
  }

  /** Cheap change signal for hosts that build snapshots at their own pace (the timing thread). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Listeners run after the current tick's MIDI is out, at most one pending notification. */
  notify(): void {
    for (const l of this.changeListeners) l();
    if (this.notifyPending || !this.listeners.size) return;
    this.notifyPending = true;
    setImmediate(() => {
      this.notifyPending = false;
      const s = this.snapshot();
      for (const l of [...this.listeners]) l(s);
    });
  }

  msPerTick(): number {
    if (this.source === 'internal') return this.internal.msPerTick();
    return this.follower.tempo.msPerTick() ?? 60_000 / (120 * TICKS_PER_BEAT);
  }

  bpm(): number {
    return this.source === 'internal' ? this.internal.bpm : this.follower.tempo.bpm() ?? 0;
  }

  // ---- clock ----
  /** Each clock source talks to the engine only while it is the active one. */
  private gate(source: 'external' | 'internal'): TransportListener {
    return {
      onTick: (tick, time) => this.source === source && this.onTick(tick, time),
      onStart: (tick, time, kind) => this.source === source && this.onStart(tick, time, kind),
      onStop: (time, reason) => this.source === source && this.onStop(reason),
      onPosition: (tick) => {
        if (this.source === source) this.tick = tick - 1;
      },
    };
  }

  private onStart(tick: number, _time: number, kind: 'start' | 'continue'): void {
    this.out.halt();
    this.running = true;
    this.tick = tick - 1;
    if (kind === 'start' && this.player.current) this.player.origin = tick; // Play from the top restarts the loop
    this.notify();
  }

  private onStop(reason: 'stop' | 'timeout'): void {
    this.running = false;
    this.out.halt();
    if (this.capture.state === 'capturing') this.capture = this.newCapture(); // half a seed is no seed
    if (reason === 'timeout') this.setStatus('warn', 'MIDI clock stopped arriving: transport stopped');
    this.notify();
  }

  private onTick(tick: number, time: number): void {
    if (this.stopped) return;
    this.tick = tick;
    this.tickTime = time;
    this.out.onTick(tick, time, this.msPerTick());
    const seed = this.capture.tick(tick);
    if (seed) this.onSeed(seed);
    if (tick % ticksPerMeterBeat(this.meter) === 0) this.notify();
  }

  // ---- input ----
  private onMidi(m: MidiMessage, time: number): void {
    if (this.stopped) return;
    if (m.type === 'clock' || m.type === 'start' || m.type === 'continue' || m.type === 'stop' || m.type === 'songPosition') {
      if (this.source === 'internal') {
        // A DAW clock takes over from ours.
        this.source = 'external';
        this.internal.stop();
        this.running = false;
        this.out.halt();
        this.setStatus('info', 'following external MIDI clock');
      }
      this.follower.handle(m, time);
      return;
    }
    if (m.type === 'noteOn' && this.running) this.capture.noteOn(m.note, m.velocity, this.positionAt(time));
    else if (m.type === 'noteOff' && this.running) this.capture.noteOff(m.note, this.positionAt(time));
    else if (m.type === 'cc') this.onCc(m.channel + 1, m.controller, m.value);
    if (this.capture.state === 'capturing') this.notify();
  }

  /** Fractional tick of an incoming note, from the last tick and the tempo estimate. */
  positionAt(time: number): number {
    if (this.tick < 0) return Math.max(0, this.tick + 1);
    const frac = (time - this.tickTime) / this.msPerTick();
    return this.tick + Math.max(0, Math.min(1, frac));
  }

  private onCc(channel: number, cc: number, value: number): void {
    if (!learnOrControl(this, channel, cc, value)) this.capture.cc(cc, value);
  }

  // ---- seed, variants ----
  newCapture(): SeedCapture {
    return new SeedCapture({ seedBars: this.settings.seedBars, gridPerBeat: this.opts.tokenizer.ticksPerBeatGrid, meter: this.meter });
  }

  private onSeed(seed: CapturedSeed): void {
    this.seed = seed;
    this.seedIds = seedToIds(this.opts.tokenizer, seed.score, seed.bars);
    this.first = this.maker.start('first', this.seedIds, this.settings.loopBars, this.settings.sampler, 1, ticksPerBar(this.meter));
    this.player.startAt(this.first.variant, seed.endTick);
    const job = this.first;
    void job.done.then((v) => {
      if (this.first === job) this.first = null;
      // With several candidates the kept variant may be a rebuilt one: play that from the next boundary.
      if (v && this.player.current !== v && this.player.pending !== v) this.player.queue(v);
    });
    this.notify();
  }

  private startNext(mode: 'regenerate' | 'mutate', manual: boolean): void {
    if (!this.seed) return;
    const loop = this.player.current;
    const context = mode === 'mutate' && loop ? this.contextFor(loop) : this.seedIds;
    const job = this.maker.start(mode, context, this.settings.loopBars, this.settings.sampler, this.candidates, ticksPerBar(this.meter));
    this.next = job;
    void job.done.then((v) => {
      if (this.next === job) this.next = null;
      if (!v) return;
      if (manual || this.settings.hold === false) {
        if (manual) this.player.queue(v);
        else this.waiting = v;
      }
      this.notify();
    });
  }

  /** Continue from the current loop: BOS + the loop's bars (the last 8 keep the context short). */
  private contextFor(loop: Variant): number[] {
    const bos = this.opts.tokenizer.specialId('BOS');
    return bos === undefined ? [...loop.ids] : [bos, ...loop.ids];
  }

  private onProgress(_job: VariantJob): void {
    this.notify();
  }

  private onSwap(_v: Variant): void {
    this.status = null;
    if (!this.settings.hold && (this.opts.autoVariantPasses ?? 2) > 0 && !this.next) {
      // Prepare a fresh variant in the background while this one plays.
      this.scheduler.at(this.scheduler.now(), () => this.startNext('regenerate', false));
    }
    this.notify();
  }

  private onPassEnd(v: Variant): void {
    const every = this.opts.autoVariantPasses ?? 2;
    if (this.waiting && !this.settings.hold && every > 0 && this.player.passes % every === 0 && !this.player.pending) {
      this.player.queue(this.waiting);
      this.waiting = null;
    }
    void v;
  }

  // ---- commands ----
  private command(c: EngineCommand): void {
    switch (c.type) {
      case 'set':
        return this.set(c.key, c.value);
      case 'regenerate':
      case 'mutate':
        this.waiting = null;
        return this.startNext(c.type, true);
      case 'hold':
        this.settings = { ...this.settings, hold: c.on ?? !this.settings.hold };
        if (this.settings.hold) this.waiting = null;
        return;
      case 'rearm':
        return this.rearm();
      case 'panic':
        this.out.halt();
        this.notes.panic();
        return this.setStatus('info', 'panic: all notes off on all channels');
      case 'learn':
        this.learnTarget = c.target;
        if (c.target) this.setStatus('info', `move a knob to control ${c.target}`);
        return;
      case 'preset':
        void loadPresetInto(this, c.name);
        return;
      case 'savePreset':
        void savePresetFrom(this, c.name);
        return;
      case 'quit':
        void this.quit();
        return;
    }
  }

  set(key: SettingKey, value: number): void {
    applySetting(this, key, value);
  }

  setLatency(ms: number): void {
    this.settings = { ...this.settings, latencyMs: ms };
    this.out.latencyMs = ms;
  }

  setChannel(channel: number): void {
    this.settings = { ...this.settings, channel };
    this.out.setChannel(channel - 1);
  }

  rearm(): void {
    this.maker.cancel();
    this.first = this.next = this.waiting = null;
    this.out.halt();
    this.player.reset();
    this.seed = null;
    this.seedIds = [];
    this.capture = this.newCapture();
    this.setStatus('info', 'armed: play a seed');
  }

  setStatus(level: 'info' | 'warn' | 'error', message: string): void {
    this.status = { level, message };
    this.notify();
  }

  fail(message: string): void {
    this.setStatus('error', message);
  }

  /** A silent output port is checked here too: a lost port is reported once. */
  private armWatchdog(): void {
    this.watchdog = this.scheduler.at(this.scheduler.now() + 250, () => {
      if (this.stopped) return;
      if (this.source === 'external') this.follower.checkTimeout(this.scheduler.now());
      if (this.notes.lost && this.status?.message !== this.notes.lost.message) {
        this.out.halt();
        this.fail(`${this.notes.lost.message}: notes stopped (reconnect it and restart seedloop)`);
      }
      this.armWatchdog();
    });
  }

  // ---- exit ----
  /** Synchronous part of every exit path: every sounding note gets its off, now. Safe to call twice. */
  stopNow(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.watchdog?.();
    this.maker.cancel();
    this.out.halt();
    this.notes.allOff();
    if (this.internal.running) this.internal.stop();
    this.unsubscribeInput();
  }

  /** q / quit: notes off, clock stopped, generator and ports closed; snapshot.stopped turns true. */
  async quit(): Promise<void> {
    this.stopNow();
    if (this.closing) return this.closing;
    this.closing = (async () => {
      try {
        await this.opts.generator.close();
      } catch {
        // closing is best effort
      }
      this.opts.input.close();
      this.opts.output.close();
      this.running = false;
      const s = this.snapshot();
      for (const l of [...this.listeners]) l(s);
    })();
    return this.closing;
  }

  position(): { bar: number; beat: number } {
    return barBeat(this.tick, this.meter);
  }
}
