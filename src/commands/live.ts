// seedloop live: the MIDI bridge. Follows the DAW clock, captures a seed, streams the loop out.
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.ts';
import { RealtimeScheduler } from '../clock/scheduler.ts';
import { openNativeTransport } from '../midi/native.ts';
import { LiveEngine, type PresetStore } from '../live/engine.ts';
import { formatDemoResult, runLiveDemo } from '../live/demo.ts';
import { openLiveModel, pickModelDir } from '../live/model.ts';
import { settingsPath } from '../live/learn.ts';
import { loadPreset, savePreset } from '../sampling/presets.ts';
import type { Engine } from '../live/types.ts';

interface LiveArgs {
  in?: string;
  out?: string;
  bpm: number;
  'clock-out': boolean;
  channel: number;
  'latency-ms': number;
  model?: string;
  device: 'auto' | 'cpu' | 'webgpu' | 'cuda';
  demo: boolean;
  loops?: number;
  record?: string;
  json: boolean;
  plain: boolean;
  'loop-bars'?: number;
  'seed-bars'?: number;
  preset?: string;
  'jitter-ms': number;
}

const presets: PresetStore = { load: (name) => loadPreset(name), save: (name, data) => savePreset(name, data) };

/** Every way out sends the note-offs first: q, Ctrl-C, SIGTERM, an uncaught error. */
function guardExit(engine: LiveEngine): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    engine.stopNow();
    process.exit(signal === 'SIGINT' ? 130 : 143);
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

/** TUI on a terminal, else log lines or JSON lines. Resolves when the engine has stopped. */
async function present(engine: Engine, args: LiveArgs, title: string): Promise<void> {
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
    y
      .option('in', { type: 'string', describe: 'input port name or index (default: virtual "seedloop in")' })
      .option('out', { type: 'string', describe: 'output port name or index (default: virtual "seedloop out")' })
      .option('bpm', { type: 'number', default: 120, describe: 'tempo of the internal clock (used until a MIDI clock arrives)' })
      .option('clock-out', { type: 'boolean', default: false, describe: 'send the internal clock out (clock master)' })
      .option('channel', { type: 'number', default: 1, describe: 'output MIDI channel 1-16' })
      .option('latency-ms', { type: 'number', default: 0, describe: 'shift output by this many ms (negative: earlier)' })
      .option('model', { type: 'string', describe: 'model folder (default: the shipped model)' })
      .option('device', { choices: ['auto', 'cpu', 'webgpu', 'cuda'] as const, default: 'auto' as const })
      .option('demo', { type: 'boolean', default: false, describe: 'simulated keyboard + DAW clock, no hardware' })
      .option('loops', { type: 'number', describe: 'with --demo: stop after this many loop passes (default 2)' })
      .option('record', { type: 'string', describe: 'with --demo: write the output to this .mid' })
      .option('json', { type: 'boolean', default: false, describe: 'one JSON status object per line' })
      .option('plain', { type: 'boolean', default: false, describe: 'plain log lines instead of the terminal UI' })
      .option('loop-bars', { type: 'number', describe: 'bars per loop (default 8)' })
      .option('seed-bars', { type: 'number', describe: 'bars of seed to capture (default 4; demo 2)' })
      .option('preset', { type: 'string', describe: 'sampler preset from presets/' })
      .option('jitter-ms', { type: 'number', default: 0.5, describe: 'with --demo: clock jitter of the simulated DAW' }),
  handler: async (args) => {
    if (!Number.isInteger(args.channel) || args.channel < 1 || args.channel > 16) {
      throw new UserError(`--channel ${args.channel}: must be 1-16`);
    }
    if (!(args.bpm >= 20 && args.bpm <= 400)) throw new UserError(`--bpm ${args.bpm}: must be 20-400`);
    if (!Number.isFinite(args['latency-ms']) || Math.abs(args['latency-ms']) > 500) {
      throw new UserError(`--latency-ms ${args['latency-ms']}: must be within -500..500`);
    }
    if (args.loops !== undefined && !(Number.isInteger(args.loops) && args.loops >= 1)) {
      throw new UserError(`--loops ${args.loops}: must be a whole number >= 1`);
    }
    if ((args.record || args.loops !== undefined) && !args.demo) throw new UserError('--loops and --record go with --demo');
    const preset = args.preset ? await loadPreset(args.preset) : null;
    const settings = {
      channel: args.channel,
      latencyMs: args['latency-ms'],
      loopBars: args['loop-bars'] ?? preset?.bars ?? 8,
      seedBars: args['seed-bars'] ?? preset?.seedBars ?? (args.demo ? 2 : 4),
      preset: args.preset ?? 'default',
      ...(preset ? { sampler: preset.sampler } : {}),
    };
    // Ports before the model: no MIDI service is the commonest problem and the fastest to report.
    const transport = args.demo ? null : await openNativeTransport();
    const model = await openLiveModel(pickModelDir(args.model, args.demo), { device: args.device });
    const common = {
      generator: model.generator,
      tokenizer: model.tokenizer,
      modelName: model.name,
      settings,
      candidates: preset?.candidates,
      presets,
      settingsFile: settingsPath(),
    };
    if (args.demo) {
      let release = () => {};
      let shown: Promise<void> = Promise.resolve();
      const result = await runLiveDemo({
        ...common,
        bpm: args.bpm,
        loops: args.loops ?? 2,
        jitterMs: args['jitter-ms'],
        record: args.record,
        onEngine: (engine) => {
          release = guardExit(engine);
          shown = present(engine, args, 'seedloop live --demo');
        },
      });
      await shown;
      release();
      if (args.json) process.stdout.write(`${JSON.stringify({ type: 'demoResult', ...result })}\n`);
      else process.stdout.write(`${formatDemoResult(result)}\n`);
      if (result.stuckNotes !== 0) process.exitCode = 1;
      return;
    }
    const input = transport!.openInput(args.in);
    const output = transport!.openOutput(args.out);
    const engine = new LiveEngine({
      ...common,
      scheduler: new RealtimeScheduler(),
      input,
      output,
      bpm: args.bpm,
      clockOut: args['clock-out'],
    });
    const release = guardExit(engine);
    await present(engine, args, 'seedloop live');
    await engine.quit();
    release();
  },
};
