// seedloop eval: generate loops from held-out seeds and measure them against what the human played next.
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.ts';
import { loadPieces } from '../eval/pieces.ts';
import { markdownTable, table } from '../eval/report.ts';
import { type EvalResult, runEval } from '../eval/run.ts';
import { checkOutputPath, writeFileAtomic } from '../io/files.ts';
import { Generator } from '../model/generator.ts';
import { DEVICE_OPTIONS, resolvePreset } from '../model/options.ts';
import { MUSICAL_OPTIONS, type MusicalFlags } from '../sampling/musical/flags.ts';
import type { Device } from '../model/device.ts';
import { pianoRollPng, type RollPanel } from '../plot/pianoRoll.ts';
import type { Preset } from '../sampling/presets.ts';
import type { Segment } from '../eval/segment.ts';
import { loadTokenizer } from '../tokenizer/index.ts';

interface Args extends MusicalFlags {
  midi: string;
  n: number;
  preset: string[];
  'rng-seed': number;
  json: boolean;
  out?: string;
  plot?: string;
  markdown: boolean;
  model?: string;
  device: Device;
  threads?: number;
}

const COLORS: [number, number, number][] = [
  [200, 60, 40],
  [40, 150, 70],
  [150, 60, 180],
  [200, 140, 20],
];

function panel(seg: Segment, color?: [number, number, number]): RollPanel {
  return { notes: seg.notes, ticks: seg.barTicks * seg.bars, barTicks: seg.barTicks, color };
}

/** One row per piece (up to 8): seed (blue) | each preset's loop | human (grey). */
export function evalPlot(result: EvalResult, presets: string[]): Buffer {
  const rows = result.pieces.slice(0, 8).map((p) => [
    panel(p.seed, [30, 90, 200]),
    ...presets.map((name, i) => panel(p.loops[name].segment, COLORS[i % COLORS.length])),
    panel(p.human, [70, 70, 70]),
  ]);
  return pianoRollPng(rows, { pxPerBar: 40, rowHeight: 90 });
}

export const evalCommand: CommandModule<object, Args> = {
  command: 'eval',
  describe: 'Measure generated loops against held-out human continuations (Yang & Lerch OA/KL)',
  builder: (y) =>
    y
      .option('midi', { type: 'string', demandOption: true, describe: 'folder of held-out .mid files (searched recursively)' })
      .option('n', { type: 'number', default: 30, describe: 'pieces to use (the first n usable ones, sorted by path)' })
      .option('preset', { type: 'string', array: true, default: ['default'], describe: 'preset(s) to evaluate, one loop per seed each' })
      .option('rng-seed', { type: 'number', default: 1, describe: 'piece i uses rng seed N + i' })
      .option('json', { type: 'boolean', default: false, describe: 'print the JSON report instead of the table' })
      .option('out', { type: 'string', describe: 'also write the JSON report to this file' })
      .option('markdown', { type: 'boolean', default: false, describe: 'print the table as Markdown' })
      .option('plot', { type: 'string', describe: 'write piano rolls (seed | loops | human) of the first 8 pieces as PNG' })
      .options(MUSICAL_OPTIONS)
      .options(DEVICE_OPTIONS) as never,
  handler: async (args) => {
    if (!Number.isInteger(args.n) || args.n < 2) throw new UserError(`--n must be a whole number >= 2, not ${args.n}`);
    if (!Number.isInteger(args['rng-seed'])) throw new UserError(`--rng-seed must be a whole number, not ${args['rng-seed']}`);
    if (args.out) checkOutputPath(args.out, '--out');
    if (args.plot) checkOutputPath(args.plot, '--plot');
    const presets: Record<string, Preset> = {};
    for (const name of args.preset) presets[name] = await resolvePreset({ ...args, preset: name });
    const gen = await Generator.open(args.model, { device: args.device, threads: args.threads });
    try {
      const tok = await loadTokenizer(join(gen.file, '..', gen.manifest.files.tokenizer));
      const { pieces, skipped } = await loadPieces(args.midi, tok, args.n);
      const skipNote = `skipped ${skipped.tooShort} too short, ${skipped.meterChange} with a meter change, ${skipped.unreadable} unreadable`;
      process.stderr.write(`${args.midi}: ${pieces.length} pieces (${skipNote})\n`);
      if (pieces.length < 2) throw new UserError(`--midi ${args.midi}: needs at least 2 usable pieces of 12+ bars, found ${pieces.length}`);
      const t0 = performance.now();
      const result = await runEval(tok, pieces, presets, (req) => gen.generate(req), args['rng-seed'], (done, total, what) => {
        const s = ((performance.now() - t0) / 1000).toFixed(0);
        const line = `[${done}/${total}] ${s}s ${what.slice(0, 60)}`;
        if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(80)}${done === total ? '\n' : ''}`);
        else if (done % 10 === 0 || done === total) process.stderr.write(`${line}\n`);
      });
      if (result.tooDense.length) process.stderr.write(`dropped ${result.tooDense.length} with a seed bar too long for the model's context: ${result.tooDense.join(', ')}\n`);
      if (result.pieces.length < 2) throw new UserError(`--midi ${args.midi}: fewer than 2 pieces left to measure`);
      const report = {
        midi: args.midi,
        model: gen.manifest.name,
        rngSeed: args['rng-seed'],
        presets,
        pieces: result.pieces.length,
        skipped: { ...skipped, tooDense: result.tooDense.length },
        tooDense: result.tooDense,
        sets: result.sets,
        perPiece: result.pieces.map((p, i) => ({
          file: p.file,
          loopScores: Object.fromEntries(Object.entries(p.loops).map(([k, v]) => [k, v.loopScore])),
          descriptors: Object.fromEntries(Object.entries(result.records).map(([k, v]) => [k, v[i]])),
        })),
      };
      const json = `${JSON.stringify(report, null, 1)}\n`;
      if (args.out) writeFileAtomic(args.out, json);
      if (args.plot) writeFileAtomic(args.plot, evalPlot(result, args.preset));
      if (args.json) process.stdout.write(json);
      else process.stdout.write(`${args.markdown ? markdownTable(result.sets) : table(result.sets)}\n`);
    } finally {
      await gen.close();
    }
  },
};
