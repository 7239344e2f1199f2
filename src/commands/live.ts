// seedloop live: the MIDI bridge. Follows the DAW clock, captures a seed, streams the loop out.
// The engine runs in its own timing thread; this thread draws the screen and handles signals.
import type { CommandModule } from 'yargs';
import { parseMeter } from '../clock/meter.ts';
import { UserError } from '../errors.ts';
import { formatDemoResult } from '../harness/demo.ts';
import { DEMO_THREAD } from '../harness/entries.ts';
import { settingsPath } from '../live/learn.ts';
import { warnIfSettingsIgnored } from '../live/settingsFile.ts';
import { EngineThread } from '../live/thread.ts';
import { DEVICES, type Device } from '../model/device.ts';
import { loadManifest, resolveModelDir } from '../model/manifest.ts';
import { loadPreset, type Preset } from '../sampling/presets.ts';
import { STYLE_OPTION, type StyleName } from '../model/style.ts';
import { liveStyle } from './liveStyle.ts';
import { checkSettingFlags, settingDefault, settingOption } from '../settings/table.ts';
import type { Bridge } from '../live/types.ts';
import type { SamplerSettings } from '../sampling/types.ts';
import { checkThreads, finiteNumber } from './flags.ts';
import { ROUTING_FLAGS, parseRouting, type Routing, type RoutingArgs } from '../routing/flags.ts';
import { namedGroove } from '../feel/offline.ts';
import { FEEL_OPTIONS, feelValues, resolveFeel, type FeelFlags, type FeelSettings } from '../feel/settings.ts';
import type { GrooveTemplate } from '../feel/template.ts';

import { checkPerformFlags, performFlags, type PerformArgs } from './performFlags.ts';
import type { PerformOptions } from '../live/perform.ts';

export interface LiveArgs extends RoutingArgs, PerformArgs {
  bpm: number;
  meter: string;
  'clock-out': boolean;
  channel: number;
  'latency-ms': number;
  velocity?: number;
  'change-every'?: number;
  model?: string;
  device: Device;
  demo: boolean;
  loops?: number;
  json: boolean;
  plain: boolean;
  'loop-bars'?: number;
  'seed-bars'?: number;
  preset?: string;
  'jitter-ms': number;
  threads: number;
  priority: boolean;
  groove?: string; // and the other feel flags (FeelFlags)
  style?: StyleName;
}

/** live's flags and files, checked before any thread starts: one line naming the flag. */
export async function checkLiveArgs(args: LiveArgs): Promise<{
  meter: NonNullable<ReturnType<typeof parseMeter>>;
  preset: Preset | null;
  routing: Routing;
  perform: PerformOptions;
  feel: FeelSettings;
  grooveTemplate: GrooveTemplate | null;
  sampler: SamplerSettings | undefined; // the preset's sampler settings with --style laid over them
}> {
  checkSettingFlags(args as unknown as Record<string, unknown>, ['channel', 'bpm', 'latencyMs', 'loopBars', 'seedBars', 'velocity', 'changeEvery']);
  const meter = parseMeter(String(args.meter));
  if (!meter) throw new UserError(`--meter ${args.meter}: must be N/D with N 1-12 and D 2, 4 or 8 (e.g. 3/4, 6/8)`);
  if (args.loops !== undefined && !(Number.isInteger(args.loops) && args.loops >= 1)) {
    throw new UserError(`--loops ${args.loops}: must be a whole number >= 1`);
  }
  if (args.loops !== undefined && !args.demo) throw new UserError('--loops goes with --demo');
  const routing = parseRouting(args); // --in, --out, --clock-in, --in-channel, --seed-end, --loop-start
  checkThreads(args.threads);
  finiteNumber('--jitter-ms', args['jitter-ms'], 0, 50);
  const perform = checkPerformFlags(args); // --record, --export-dir, --program, --bank
  if (args.model !== undefined) loadManifest(resolveModelDir(args.model));
  const preset = args.preset
    ? await loadPreset(args.preset).catch((e: unknown) => {
        throw e instanceof UserError ? new UserError(`--preset ${args.preset}: ${e.message}`) : e;
      })
    : null;
  const feel = resolveFeel(args as FeelFlags, preset?.feel); // --groove and the other feel flags
  const grooveTemplate = await namedGroove(feel.groove);
  const sampler = await liveStyle(args.style, args.model, preset?.sampler); // --style, checked against the model
  return { meter, preset, routing, perform, feel, grooveTemplate, sampler };
}

/** Every way out sends the note-offs first: Ctrl-C, SIGTERM, an uncaught error, a plain exit. */
function guardExit(engine: EngineThread): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    engine.stopNow(); // blocks until every note-off is out
    // Give the timing thread a moment to finish (the demo writes --record and its figures), then go.
    const code = signal === 'SIGINT' ? 130 : 143;
    setTimeout(() => process.exit(code), 2000).unref();
    const exit = () => process.stdout.write('', () => process.exit(code)); // after the last status line is out
    void engine.done.then(() => setImmediate(exit), () => setImmediate(exit));
  };
  const onCrash = (err: unknown) => {
    engine.stopNow();
    process.stderr.write(`seedloop: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  };
  const onExit = () => engine.stopNow();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  process.on('exit', onExit);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    process.off('exit', onExit);
  };
}

/** TUI on a terminal (q quits), else log lines or JSON lines. Resolves when the engine has stopped. */
async function present(engine: Bridge, args: LiveArgs, title: string): Promise<void> {
  if (process.stdout.isTTY && process.stdin.isTTY && !args.json && !args.plain) {
    const { runTui } = await import('../tui/index.tsx');
    await runTui(engine, { title });
  } else {
    const { runPlain } = await import('../tui/plain.ts');
    await runPlain(engine, { json: args.json });
  }
}

export const liveCommand: CommandModule<object, LiveArgs> = {
  command: 'live',
  describe: 'Bridge MIDI live: follow the clock, capture a seed, loop its continuation (--demo: no hardware)',
  builder: (y) =>
    performFlags(y)
      .option('in', { type: 'string', describe: 'input port name or index, more than once for several (default: virtual "seedloop in"; Windows: loopMIDI "seedloop in")' })
      .option('out', { type: 'string', describe: 'output port name or index (default: virtual "seedloop out"; Windows: loopMIDI "seedloop out")' })
      .options(ROUTING_FLAGS)
      .option('bpm', settingOption('bpm', true))
      .option('meter', { type: 'string', default: '4/4', describe: "the DAW project's meter N/D (MIDI clock carries none), e.g. 3/4, 6/8" })
      .option('clock-out', { type: 'boolean', default: false, describe: 'send the internal clock out (clock master)' })
      .option('channel', settingOption('channel', true))
      .option('latency-ms', settingOption('latencyMs', true))
      .option('model', { type: 'string', describe: 'model folder (default: the shipped model)' })
      .option('device', { choices: DEVICES, default: 'cpu' as Device, describe: 'where the model runs (auto may print GPU-probe warnings over the screen)' })
      .option('threads', { type: 'number', default: 1, describe: 'generation threads (more: faster variants, busier CPU)' })
      .option('demo', { type: 'boolean', default: false, describe: 'simulated keyboard + DAW clock, no hardware' })
      .option('loops', { type: 'number', describe: 'with --demo: stop after this many loop passes (default 2)' })
      .option('velocity', settingOption('velocity'))
      .option('change-every', settingOption('changeEvery'))
      .option('json', { type: 'boolean', default: false, describe: 'one JSON status object per line' })
      .option('plain', { type: 'boolean', default: false, describe: 'plain log lines instead of the terminal UI' })
      .option('loop-bars', settingOption('loopBars'))
      .option('seed-bars', settingOption('seedBars'))
      .option('preset', { type: 'string', describe: 'sampler preset from presets/' })
      .option('style', STYLE_OPTION)
      .option('priority', { type: 'boolean', default: true, describe: 'raise the timing thread priority (best effort)' })
      .option('jitter-ms', { type: 'number', default: 0.5, describe: 'with --demo: clock jitter of the simulated DAW' })
      .options(FEEL_OPTIONS) as never,
  handler: async (args) => {
    const { meter, preset, routing, perform, feel, grooveTemplate, sampler } = await checkLiveArgs(args);
    warnIfSettingsIgnored(settingsPath());
    const engine = await EngineThread.start({
      modelDir: args.model,
      device: args.device,
      threads: args.threads,
      priority: args.priority,
      settings: {
        channel: args.channel,
        latencyMs: args['latency-ms'],
        loopBars: args['loop-bars'] ?? preset?.bars ?? settingDefault('loopBars'),
        seedBars: args['seed-bars'] ?? preset?.seedBars ?? (args.demo ? 2 : settingDefault('seedBars')),
        preset: args.preset ?? 'default',
        ...(sampler ? { sampler } : {}),
        ...(args.velocity !== undefined ? { velocity: args.velocity } : {}),
        ...(args['change-every'] !== undefined ? { changeEvery: args['change-every'] } : {}),
        ...feelValues(feel),
      },
      perform,
      groove: { source: feel.groove, template: grooveTemplate },
      candidates: preset?.candidates,
      settingsFile: settingsPath(),
      bpm: args.bpm,
      meter,
      clockOut: args['clock-out'],
      ...routing,
      loops: args.loops ?? 2,
      jitterMs: args['jitter-ms'],
    }, args.demo ? DEMO_THREAD : undefined);
    const release = guardExit(engine);
    let result;
    try {
      await present(engine, args, args.demo ? 'seedloop live --demo' : 'seedloop live');
      result = await engine.done;
    } catch (e) {
      engine.stopNow();
      throw e;
    } finally {
      release();
      await engine.close(); // an error after start must not leave the timing and generation threads running
    }
    if (result) {
      if (args.json) process.stdout.write(`${JSON.stringify({ type: 'demoResult', ...result })}\n`);
      else process.stdout.write(`${formatDemoResult(result)}\n`);
      if (result.stuckNotes !== 0) process.exitCode = 1;
    }
  },
};
