// seedloop doctor: what this machine has for seedloop, one line each, with the fix for each failure.
// Each line is printed as soon as it is known (the speed lines take a second or two).
import { cpus, loadavg } from 'node:os';
import type { CommandModule } from 'yargs';
import { type Check, formatCheck, loadCheck, loopCheck, midiChecks, modelChecks, providerChecks, speedChecks } from '../doctor/checks.ts';
import { noMidiServiceMessage, probeNativeMidi } from '../midi/probe.ts';
import { calibrate, candidates } from '../model/autoDevice.ts';
import { chooseProvider } from '../model/devicePolicy.ts';
import { benchSeedIds } from '../model/generationBench.ts';
import { LoadedModel } from '../model/loadedModel.ts';
import { loadManifest, resolveModelDir } from '../model/manifest.ts';
import { thisHost } from '../model/providers.ts';
import { openProvider, reason } from '../model/session.ts';
import { DEFAULT_SAMPLER } from '../sampling/types.ts';
import { settingDefault } from '../settings/table.ts';

interface Args {
  model?: string;
  threads?: number;
}

export const doctorCommand: CommandModule<object, Args> = {
  command: 'doctor',
  describe: 'Check MIDI, devices, the model and its speed here: one line each, with the fix for each failure',
  builder: (y) =>
    y
      .option('model', { type: 'string', describe: 'model folder (default: the shipped model in models/)' })
      .option('threads', { type: 'number', describe: 'intra-op threads (default: ORT picks)' }) as never,
  handler: async (args) => {
    const started = performance.now();
    let failed = 0;
    const say = (checks: Check[]) => {
      for (const c of checks) {
        if (c.status === 'fail') failed++;
        process.stdout.write(`${formatCheck(c)}\n`);
      }
    };
    say(midiChecks(probeNativeMidi(), process.platform, noMidiServiceMessage));
    say(providerChecks(thisHost()));
    const dir = resolveModelDir(args.model);
    const manifest = loadManifest(dir);
    say(modelChecks(dir, manifest));
    say([loadCheck(loadavg()[0], cpus().length)]);
    const opts = { threads: args.threads };
    const run = await calibrate(dir, manifest, candidates().ok, opts, openProvider, reason);
    for (const s of run.sessions.values()) await s.session.release();
    say(speedChecks(run.measured, run.skipped));
    const best = chooseProvider(run.measured);
    const engine = await LoadedModel.open(dir, { ...opts, device: best });
    try {
      const req = { seedIds: benchSeedIds(engine.tokenizer), sampler: DEFAULT_SAMPLER, candidates: 1, rngSeed: 0 };
      await engine.generate({ ...req, bars: 1 }); // the live path's worker is warm before its first loop
      const t = performance.now();
      const r = await engine.generate({ ...req, bars: 8 });
      say([loopCheck(performance.now() - t, r.tokens, best, settingDefault('bpm'))]);
    } finally {
      await engine.close();
    }
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`${failed ? `${failed} to fix` : 'all good'} (doctor took ${secs} s)\n`);
    if (failed) process.exitCode = 1;
  },
};
