// seedloop detokenize IDS.json --tokenizer tokenizer.json --out out.mid: ids back to a MIDI file.
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.ts';
import { checkOutputPath, readInput, readStdin, writeFileAtomic } from '../io/files.ts';
import { writeMidi } from '../midi/file.ts';
import type { Score } from '../types.ts';
import { STDIN_ARG } from './parser.ts';
import { tokenizerFlag } from './tokenize.ts';

interface Args { ids: string; tokenizer: string; out: string }

/** Accept [[ids...], ...] (MidiTok's list of sequences) or a flat [ids...] for one sequence. */
export function parseIdsJson(text: string, source: string): number[][] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`${source} is not valid JSON`);
  }
  const isIds = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0);
  if (isIds(data)) return [data];
  if (Array.isArray(data) && data.every(isIds)) return data as number[][];
  throw new UserError(`${source} must hold a list of token id lists, e.g. [[3, 351, 137]]`);
}

/** Everything up to the write: the output path first, then the ids decoded. One line per problem. */
export async function detokenizeToScore(args: Args, stdin?: NodeJS.ReadableStream): Promise<Score> {
  const fromStdin = args.ids === STDIN_ARG || args.ids === '-';
  checkOutputPath(args.out, '--out', [args.tokenizer, ...(fromStdin ? [] : [args.ids])]);
  const tok = tokenizerFlag(args.tokenizer);
  const bytes = fromStdin ? await readStdin(stdin) : readInput(args.ids, 'ids file');
  const source = fromStdin ? 'standard input' : args.ids;
  try {
    return tok.decodeIds(parseIdsJson(new TextDecoder().decode(bytes), source));
  } catch (err) {
    if (err instanceof UserError && !err.message.startsWith(source)) throw new UserError(`${source}: ${err.message}`);
    throw err;
  }
}

export const detokenizeCommand: CommandModule<object, Args> = {
  command: 'detokenize <ids>',
  describe: 'Decode token ids (JSON, as printed by tokenize) into a MIDI file',
  builder: (y) =>
    y
      .positional('ids', { type: 'string', demandOption: true, describe: 'a JSON file of ids, or - for stdin' })
      .option('tokenizer', { type: 'string', demandOption: true, describe: 'a MidiTok tokenizer.json' })
      .option('out', { type: 'string', demandOption: true, describe: 'the .mid file to write' }),
  handler: async (args) => {
    const score = await detokenizeToScore(args);
    writeFileAtomic(args.out, writeMidi(score));
    const notes = score.tracks.reduce((n, t) => n + t.notes.length, 0);
    process.stderr.write(`wrote ${args.out}: ${score.tracks.length} track(s), ${notes} notes\n`);
  },
};
