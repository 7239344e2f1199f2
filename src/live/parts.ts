// The live engine's parts, built and wired: who tells whom. Each part owns its own state; news from
// one part reaches the others through the engine's reactions (capture -> generation -> loop live there).
import { ticksPerBar } from '../clock/meter.ts';
import { Transport, type TransportEvents } from '../clock/transport.ts';
import { LiveGroove } from '../feel/liveGroove.ts';
import type { MidiMessage } from '../midi/codec.ts';
import type { LiveSettingKey } from '../settings/table.ts';
import { bridgeSettings } from '../settings/values.ts';
import type { CapturedSeed } from './capture.ts';
import { Controls } from './controls.ts';
import { LiveInputs } from './inputs.ts';
import { Performance, type PerformHost } from './perform.ts';
import { Playback } from './playback.ts';
import { SeedInput } from './seedInput.ts';
import { Variants } from './variants.ts';
import type { EngineView } from './snapshot.ts';
import type { EngineCommand, EngineOptions, EngineSnapshot } from './types.ts';

type Level = 'info' | 'warn' | 'error';

/** What the engine does when a part has news. */
export interface EngineReactions {
  clock: TransportEvents;
  status(level: Level, message: string): void;
  notify(): void;
  swap(): void; // the loop player swapped variants at a loop line
  passEnd(): void;
  receive(m: MidiMessage, time: number): void; // a clock or played message for the capture
  pedal(cc: number, value: number, time: number): void;
  send(command: EngineCommand): void;
  stopped(): boolean;
}

export interface EngineParts {
  controls: Controls;
  groove: LiveGroove;
  playback: Playback;
  transport: Transport;
  seeds: SeedInput;
  variants: Variants;
  performance: Performance;
  inputs: LiveInputs;
}

export function buildParts(opts: EngineOptions, on: EngineReactions): EngineParts {
  const settings = bridgeSettings(opts.settings);
  const controls = new Controls(
    { settings, candidates: opts.candidates, presets: opts.presets, settingsFile: opts.settingsFile },
    { onSet: (key, value) => onSet(key, value), status: (level, message) => on.status(level, message) },
  );
  /** Controls changed a setting: its owner applies it (the rest is read at the next variant). */
  const onSet = (key: LiveSettingKey, value: number): void => {
    if (key === 'seedBars') seeds.seedBarsChanged();
    else if (key === 'channel') {
      playback.setChannel(value);
      performance.sendProgram(); // the synth on the new channel gets its sound too
    } else if (key === 'latencyMs') playback.setLatency(value);
    else if (key === 'velocity') playback.setVelocity(value);
    else if (key === 'changeEvery') variants.prepare();
  };
  const groove = new LiveGroove(opts.groove, opts.rngSeed ?? 1);
  const hooks = { onSwap: () => on.swap(), onPassEnd: () => on.passEnd() };
  const onLost = (err: Error) => on.status('error', `${err.message}: notes stopped (reconnect it and restart seedloop)`);
  const onSent = (m: MidiMessage) => {
    inputs.sent(m); // remembered a moment, so its echo is known when it comes back
    opts.onSent?.(m);
    performance.sent(m);
  };
  const playback = new Playback(opts.scheduler, opts.output, hooks, { channel: settings.channel, latencyMs: settings.latencyMs, onSent, onLost });
  playback.setVelocity(settings.velocity);
  playback.setMuted(settings.muted);
  const transport = new Transport(opts.scheduler, on.clock, { bpm: opts.bpm, meter: opts.meter, clockOut: opts.clockOut ? (m) => playback.sendClock(m) : null });
  const seeds = new SeedInput(() => ({ seedBars: controls.settings.seedBars, gridPerBeat: opts.generator.gridPerBeat, meter: transport.meter, end: opts.seedEnd, countIn: opts.countIn }));
  const variants = new Variants({
    ...{ generator: opts.generator, player: playback.player, scheduler: opts.scheduler, rngSeed: opts.rngSeed ?? 1 },
    params: () => {
      const { loopBars: bars, sampler, hold, changeEvery } = controls.settings;
      return { bars, sampler, hold, changeEvery, candidates: controls.candidates, ticksPerBar: ticksPerBar(transport.meter) };
    },
    onChange: () => {
      performance.onProgress();
      on.notify();
    },
    onError: (err) => on.status('error', `generation failed: ${err.message}`),
  });
  const notes = (s: CapturedSeed) => s.score.tracks.flatMap((t) => t.notes.flatMap((n) => [n.pitch, n.start, n.duration, n.velocity]));
  const host: PerformHost = {
    player: playback.player,
    settings: () => controls.settings,
    meter: () => transport.meter,
    bpm: () => (transport.running ? transport.bpm() : 0),
    position: () => playback.sendingTick ?? Math.max(0, transport.tick),
    seed: () => (seeds.seed ? notes(seeds.seed) : null),
    send: (c) => on.send(c),
    sendRaw: (m) => playback.send(m),
    status: (level, message) => on.status(level, message),
    unbindKnob: (channel, cc) => controls.unbind(channel, cc),
    keepQueued: () => variants.dropWaiting(),
    settingsFile: opts.settingsFile ?? null,
  };
  const performance = new Performance(host, opts.perform ?? {});
  const inputs = new LiveInputs(opts.scheduler, opts.inputs ?? (opts.input ? [opts.input] : []), opts.output, opts.routing ?? {}, {
    clock: (m, t) => on.receive(m, t),
    played: (m, t) => (m.type === 'cc' ? on.pedal(m.controller, m.value, t) : on.receive(m, t)),
    // A pad or button bound to an action is never a seed note (a knob being learned is the Controls').
    action: (m) => !on.stopped() && !(controls.learnTarget && m.type === 'cc') && performance.onMidi(m) && (on.notify(), true),
    control: (m) => !on.stopped() && controls.cc(m.channel + 1, m.controller, m.value) && (on.notify(), true),
    thru: (m) => playback.thru(m),
    thruActive: () => seeds.seed === null,
    gone: (port, isOutput) => (isOutput ? onLost(new Error(`MIDI port "${port.name}" is gone`)) : on.status('warn', `MIDI input "${port.name}" is gone: nothing more arrives from it (reconnect it and restart seedloop)`)),
  });
  performance.sendProgram(); // after the inputs: they hear of everything sent (echo filter)
  return { controls, groove, playback, transport, seeds, variants, performance, inputs };
}

/** Every sounding note gets its off, now; nothing more is made, recorded or heard. */
export function stopParts({ variants, playback, performance, transport, inputs }: EngineParts): void {
  variants.reset();
  playback.stop();
  performance.stop(); // --record, with every note-off in it
  transport.stop();
  inputs.stop();
}

/** What the parts show, for a snapshot. */
export function viewOf(parts: EngineParts, opts: EngineOptions, status: EngineSnapshot['status'], stopped: boolean): EngineView {
  const { transport, controls, playback, seeds, variants, performance, inputs, groove } = parts;
  const { output, generator, modelName } = opts;
  return {
    ports: { input: inputs.names, output: output.name },
    model: { name: modelName ?? generator.manifest?.name ?? 'model', provider: generator.provider },
    ...{ transport, controls, player: playback.player, capture: seeds.view, seed: seeds.seed },
    ...{ first: variants.first, next: variants.next, waiting: variants.waiting },
    ...{ status, stats: playback.stats, stopped, perform: performance.snapshot() },
    groove: groove.line(transport.bpm()),
  };
}
