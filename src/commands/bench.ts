// seedloop bench: how fast the generation engine is on this machine (and, optionally, against HF generate).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.ts';
import { benchGeneration, benchSeedIds, type GenBench } from '../model/generationBench.ts';
import { LoadedModel } from '../model/loadedModel.ts';
import { resolveModelDir } from '../model/manifest.ts';
import { DEVICE_OPTIONS } from '../model/options.ts';
import { benchTokenizer } from '../tokenizer/encodeBench.ts';
import { checkSettingFlags } from '../settings/table.ts';
import { checkThreads, wholeNumber } from './flags.ts';
import { join } from 'node:path';
import type { Device } from '../model/device.ts';

interface Args {
  model?: string;
  device: Device;
  threads?: number;
  candidates: number;
  runs: number;
  precision: 'auto' | 'fp32' | 'int8';
  'against-hf': boolean;
  'hf-checkpoint'?: string;
  live: boolean;
  json: boolean;
  'warm-up': boolean;
}

const HF_SCRIPT = fileURLToPath(new URL('../../training/bench_hf.py', import.meta.url));

interface HfBench {
  prefillMs: number;
  decodeTokPerSec: { batch1: number; batchK: number; K: number };
  torch: string;
  transformers: string;
  source: string;
}

async function benchHf(dir: string, seed: number[], threads: number, K: number, checkpoint?: string): Promise<HfBench> {
  const args = [HF_SCRIPT, '--model', dir, '--seed-ids', JSON.stringify(seed), '--threads', String(threads), '--k', String(K)];
  if (checkpoint) args.push('--checkpoint', checkpoint);
  try {
    const { stdout } = await promisify(execFile)('python3', args, { maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    const line = (err.stderr ?? err.message).trim().split('\n').at(-1);
    throw new UserError(`bench --against-hf: training/bench_hf.py failed: ${line}`);
  }
}

function printText(r: GenBench, hf: HfBench | null, speedup: number | null): void {
  const K = r.decodeTokPerSec.K;
  const lines = [
    `model ${r.model} (${r.file}) on ${r.provider}, ${r.threads ?? 'default'} threads, medians of ${r.runs}`,
    `prefill (4-bar seed, ${r.seedTokens} tokens)   ${r.prefillMs} ms`,
    `decode, batch 1                     ${r.decodeTokPerSec.batch1} tok/s`,
    `decode, batch ${K}                     ${r.decodeTokPerSec.batchK} tok/s`,
    `first bar complete                  ${r.firstBarMs} ms`,
    `first bar, first request after open ${r.firstRequestFirstBarMs} ms`,
    `8-bar loop (${r.loopTokens} tokens)             ${r.loopMs} ms`,
    `8-bar loop, best of ${K} candidates    ${r.loopKMs} ms`,
  ];
  if (hf) {
    lines.push(`HF generate decode, batch 1         ${hf.decodeTokPerSec.batch1} tok/s (${hf.source})`);
    lines.push(`HF generate decode, batch ${K}         ${hf.decodeTokPerSec.batchK} tok/s`);
    lines.push(`speedup_vs_hf                       ${speedup}x`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** bench's flags, checked before the model loads (0 candidates would reach ORT as a zero-sized batch). */
export function checkBenchArgs(args: Args): void {
  checkThreads(args.threads);
  checkSettingFlags({ candidates: args.candidates }, ['candidates']);
  wholeNumber('--runs', args.runs, 1, 1000);
  if (args['hf-checkpoint'] !== undefined && !args['against-hf']) throw new UserError('--hf-checkpoint goes with --against-hf');
}

export const benchCommand: CommandModule<object, Args> = {
  command: 'bench',
  describe: 'Measure generation speed (prefill, decode tok/s, first bar, whole loop)',
  builder: (y) =>
    y
      .options(DEVICE_OPTIONS)
      .option('threads', { type: 'number', default: 2, describe: 'intra-op threads (ORT and torch alike)' })
      .option('candidates', { type: 'number', default: 4, describe: 'K for the batched numbers' })
      .option('runs', { type: 'number', default: 5, describe: 'repeats per number (the median is shown)' })
      .option('precision', { choices: ['auto', 'fp32', 'int8'], default: 'auto', describe: 'auto: int8 on the CPU' })
      .option('against-hf', { type: 'boolean', default: false, describe: 'also time HF generate on the same checkpoint' })
      .option('hf-checkpoint', { type: 'string', describe: "weights for --against-hf (default: the manifest's hfCheckpoint)" })
      .option('warm-up', { type: 'boolean', default: true, describe: 'one short run at open, as the live worker does (--no-warm-up: cold)' })
      .option('live', { type: 'boolean', default: false, describe: 'also run the live-bridge benchmark' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' }) as never,
  handler: async (args) => {
    checkBenchArgs(args);
    const dir = resolveModelDir(args.model);
    const engine = await LoadedModel.open(dir, { device: args.device, threads: args.threads, precision: args.precision });
    if (args['warm-up']) await engine.warmUp();
    let gen: GenBench;
    const seed = benchSeedIds(engine.tokenizer);
    try {
      if (!args.json) process.stderr.write(`${engine.opened.note}\n`);
      gen = await benchGeneration(engine, seed, { runs: args.runs, K: args.candidates, threads: args.threads });
    } finally {
      await engine.close();
    }
    const tokenizer = await benchTokenizer(join(dir, engine.manifest.files.tokenizer));
    const hf = args['against-hf'] ? await benchHf(dir, seed, args.threads ?? 2, args.candidates, args['hf-checkpoint']) : null;
    const speedup = hf ? Number((gen.decodeTokPerSec.batch1 / hf.decodeTokPerSec.batch1).toFixed(2)) : null;
    // Loaded only when asked: it pulls in the live bridge and the TUI.
    const liveBench = args.live ? await import('../harness/liveBench.ts') : null;
    const live = liveBench ? await liveBench.runLiveBench({ modelDir: dir, device: args.device, threads: args.threads }) : undefined;
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ ...gen, tokenizer, hf, speedup_vs_hf: speedup, ...(live ? { live } : {}) })}\n`);
    } else {
      printText(gen, hf, speedup);
      process.stdout.write(
        `tokenizer: encode a 5-minute 4-track file (${tokenizer.notes} notes, ${tokenizer.tokens} tokens) ${tokenizer.ms.toFixed(2)} ms\n`,
      );
      if (live && liveBench) process.stdout.write(`${liveBench.formatLiveBench(live)}\n`);
    }
  },
};
