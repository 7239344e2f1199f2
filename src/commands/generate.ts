// seedloop generate: continue a seed .mid into an N-bar loop .mid.
import { readFile, writeFile } from 'node:fs/promises';
import ToneMidi from '@tonejs/midi';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.ts';
import { readMidi, writeMidi } from '../midi/file.ts';
import { LoadedModel } from '../model/loadedModel.ts';
import { resolveModelDir } from '../model/manifest.ts';
import { loopToScore, seedFromScore } from '../model/midiLoop.ts';
import { DEVICE_OPTIONS, resolvePreset, SAMPLING_OPTIONS, type SamplingFlags } from '../model/options.ts';
import { settingOption } from '../settings/table.ts';
import type { Device } from '../model/device.ts';

const { Midi } = ToneMidi;

interface Args extends SamplingFlags {
  seed: string;
  out: string;
  model?: string;
  'rng-seed'?: number;
  device: Device;
  threads?: number;
  'with-seed': boolean;
  json: boolean;
}

/** MIDI bytes whose length is exactly the loop: a 'loop end' marker sits on the last bar line. */
function withEndMarker(bytes: Uint8Array, endTicks: number, ticksPerQuarter: number): Uint8Array {
  const midi = new Midi(bytes);
  const ticks = Math.round((endTicks * midi.header.ppq) / ticksPerQuarter);
  midi.header.meta.push({ type: 'marker', text: 'loop end', ticks });
  return midi.toArray();
}

export const generateCommand: CommandModule<object, Args> = {
  command: 'generate',
  describe: 'Continue a seed MIDI file into an N-bar loop',
  builder: (y) =>
    y
      .option('seed', { type: 'string', demandOption: true, describe: 'seed .mid (its last bars are used)' })
      .option('out', { type: 'string', demandOption: true, describe: 'where to write the loop .mid' })
      .option('bars', settingOption('loopBars'))
      .option('seed-bars', settingOption('seedBars'))
      .options(SAMPLING_OPTIONS)
      .option('rng-seed', { type: 'number', describe: 'same seed, same loop (default: random)' })
      .option('candidates', settingOption('candidates'))
      .options(DEVICE_OPTIONS)
      .option('with-seed', { type: 'boolean', default: false, describe: 'put the seed bars on a track before the loop' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' }) as never,
  handler: async (args) => {
    const t0 = performance.now();
    const preset = await resolvePreset(args);
    const bytes = await readFile(args.seed).catch(() => {
      throw new UserError(`cannot read seed file ${args.seed}`);
    });
    const seedScore = (() => {
      try {
        return readMidi(bytes);
      } catch (e) {
        throw new UserError(`${args.seed}: ${(e as Error).message}`);
      }
    })();
    // One shot, in this thread: the loaded model's tokenizer (read once) encodes the seed and decodes the loop.
    const gen = await LoadedModel.open(resolveModelDir(args.model), { device: args.device, threads: args.threads });
    try {
      if (!args.json) process.stderr.write(`${gen.opened.note}\n`);
      const tok = gen.tokenizer;
      const seed = seedFromScore(seedScore, tok, preset.seedBars, args.seed);
      const rngSeed = args['rng-seed'] ?? Math.floor(Math.random() * 2 ** 31);
      const result = await gen.generate({
        seedIds: seed.ids,
        bars: preset.bars,
        sampler: preset.sampler,
        rngSeed,
        candidates: preset.candidates,
      });
      const { score, loopEnd } = loopToScore(tok, seed, result.ids, args['with-seed']);
      await writeFile(args.out, withEndMarker(writeMidi(score), loopEnd, score.ticksPerQuarter));
      const summary = {
        out: args.out,
        bars: result.bars,
        notes: score.tracks.at(-1)!.notes.length,
        tokens: result.tokens,
        ms: Math.round(result.ms),
        totalMs: Math.round(performance.now() - t0),
        loopScore: result.loopScore === null ? null : Number(result.loopScore.toFixed(4)),
        candidates: result.candidates.map((c) => ({ loopScore: Number(c.loopScore.toFixed(4)), tokens: c.tokens })),
        seedBars: seed.bars.length,
        meter: `${seed.meter[0]}/${seed.meter[1]}`,
        bpm: Math.round(seed.bpm * 100) / 100,
        rngSeed,
        provider: result.provider,
        model: gen.manifest.name,
      };
      if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else {
        const k = result.candidates.length > 1 ? ` (best of ${result.candidates.length})` : '';
        process.stdout.write(
          `${summary.out}: ${summary.bars} bars in ${summary.meter} at ${summary.bpm} bpm, ${summary.notes} notes, ` +
            `${summary.tokens} tokens in ${summary.ms} ms on ${summary.provider}; loop score ${summary.loopScore}${k}; ` +
            `rng seed ${rngSeed}\n`,
        );
      }
    } finally {
      await gen.close();
    }
  },
};
