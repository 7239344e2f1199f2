// seedloop generate: continue a seed .mid into an N-bar loop .mid.
import { join } from 'node:path';
import ToneMidi from '@tonejs/midi';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.ts';
import { checkOutputPath, readInput, writeFileAtomic } from '../io/files.ts';
import { type MidiRead, readMidiReport, writeMidi } from '../midi/file.ts';
import { LoadedModel } from '../model/loadedModel.ts';
import { loadManifest, resolveModelDir } from '../model/manifest.ts';
import { loopToScore, seedFromScore } from '../model/midiLoop.ts';
import { DEVICE_OPTIONS, resolvePreset, SAMPLING_OPTIONS, type SamplingFlags } from '../model/options.ts';
import { checkSettingFlags, settingOption } from '../settings/table.ts';
import type { Device } from '../model/device.ts';
import { checkStyleFlag } from '../model/style.ts';
import type { Preset } from '../sampling/presets.ts';
import { loadTokenizer, type Tokenizer } from '../tokenizer/index.ts';
import { checkRngSeed, checkThreads } from './flags.ts';
import { checkSeed, type SeedCheck } from './seedCheck.ts';
import { applyFeelToLoop, feelParams, grooveFor, namedGroove } from '../feel/offline.ts';
import { FEEL_OPTIONS, resolveFeel, type FeelFlags, type FeelSettings } from '../feel/settings.ts';
import type { GrooveTemplate } from '../feel/template.ts';

const { Midi } = ToneMidi;

interface Args extends SamplingFlags, FeelFlags {
  seed: string;
  out: string;
  model?: string;
  'rng-seed'?: number;
  'max-bar-tokens'?: number;
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

export interface GeneratePlan {
  preset: Preset;
  read: MidiRead;
  dir: string; // the model folder
  tok: Tokenizer; // the model's tokenizer, read once: the model opens with it
  seedCheck: SeedCheck;
  feel: FeelSettings; // groove, swing, humanize (src/feel)
  namedTemplate: GrooveTemplate | null; // --groove NAME, loaded and checked here
}

/** Everything that can be wrong with the request, checked before the model loads: one line, naming the flag or file. */
export async function checkGenerateArgs(args: Args): Promise<GeneratePlan> {
  checkRngSeed(args['rng-seed']);
  checkThreads(args.threads);
  checkOutputPath(args.out, '--out', [args.seed]);
  checkSettingFlags(args as unknown as Record<string, unknown>, ['maxBarTokens']);
  const preset = await resolvePreset(args); // --bars, --seed-bars, --candidates and the sampler flags
  const feel = resolveFeel(args, preset.feel);
  const namedTemplate = await namedGroove(feel.groove);
  const bytes = readInput(args.seed, '--seed');
  let read: MidiRead;
  try {
    read = readMidiReport(bytes);
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`--seed ${args.seed}: ${e.message}`);
    throw e;
  }
  const dir = resolveModelDir(args.model);
  const tok = await loadTokenizer(join(dir, loadManifest(dir).files.tokenizer));
  checkStyleFlag(args.style, tok.vocab, dir);
  return { preset, read, dir, tok, seedCheck: checkSeed(read, tok, `--seed ${args.seed}`), feel, namedTemplate };
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
      .options(FEEL_OPTIONS)
      .option('rng-seed', { type: 'number', describe: 'same seed, same loop (default: random)' })
      .option('candidates', settingOption('candidates'))
      .option('max-bar-tokens', settingOption('maxBarTokens'))
      .options(DEVICE_OPTIONS)
      .option('with-seed', { type: 'boolean', default: false, describe: 'put the seed bars on a track before the loop' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' }) as never,
  handler: async (args) => {
    const t0 = performance.now();
    const { preset, read, dir, tok: checkedTok, seedCheck, feel, namedTemplate } = await checkGenerateArgs(args);
    // One shot, in this thread: the loaded model's tokenizer (read once) encodes the seed and decodes the loop.
    const gen = await LoadedModel.open(dir, { device: args.device, threads: args.threads, tokenizer: checkedTok });
    try {
      if (!args.json) process.stderr.write(`${gen.opened.note}\n`);
      if (seedCheck.warning) process.stderr.write(`${seedCheck.warning}\n`);
      const tok = gen.tokenizer;
      const seed = seedFromScore(read.score, tok, preset.seedBars, args.seed);
      const groove = grooveFor(feel.groove, namedTemplate, read.score, tok.ticksPerBeatGrid); // exact ticks, before quantizing
      const rngSeed = args['rng-seed'] ?? Math.floor(Math.random() * 2 ** 31);
      const result = await gen.generate({
        seedIds: seed.ids,
        bars: preset.bars,
        sampler: preset.sampler,
        rngSeed,
        candidates: preset.candidates,
        maxBarTokens: args['max-bar-tokens'],
      });
      const seedBarsUsed = result.seedBarsUsed ?? seed.bars.length;
      if (seedBarsUsed < seed.bars.length && !args.json) {
        process.stderr.write(
          `seed trimmed: the model saw its last ${seedBarsUsed} of ${seed.bars.length} bars (${seed.ids.length} tokens; context ${gen.manifest.contextLength})\n`,
        );
      }
      const loop = loopToScore(tok, seed, result.ids, args['with-seed']);
      const { score, loopEnd } = applyFeelToLoop(loop.score, loop.loopStart, loop.loopEnd, feelParams(feel, groove, rngSeed));
      writeFileAtomic(args.out, withEndMarker(writeMidi(score), loopEnd, score.ticksPerQuarter));
      const summary = {
        out: args.out,
        bars: result.bars,
        notes: score.tracks.at(-1)!.notes.length,
        tokens: result.tokens,
        ms: Math.round(result.ms),
        totalMs: Math.round(performance.now() - t0),
        loopScore: result.loopScore === null ? null : Number(result.loopScore.toFixed(4)),
        candidates: result.candidates.map((c) => ({ loopScore: Number(c.loopScore.toFixed(4)), tokens: c.tokens })),
        seedBars: seedBarsUsed, // what the model saw
        seedTrimmed: seedBarsUsed < seed.bars.length,
        droppedNotes: seedCheck.droppedOutOfRange,
        meter: `${seed.meter[0]}/${seed.meter[1]}`,
        bpm: Math.round(seed.bpm * 100) / 100,
        rngSeed,
        provider: result.provider,
        model: gen.manifest.name,
        style: result.style ?? null, // what the model was asked for: a preset's style it lacks is left out
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
