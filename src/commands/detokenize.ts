// seedloop detokenize IDS.json --tokenizer tokenizer.json --out out.mid: ids back to a MIDI file.
import { readFile, writeFile } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.ts';
import { loadTokenizer } from '../tokenizer/index.ts';
import { writeMidi } from '../midi/file.ts';

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

export const detokenizeCommand: CommandModule<object, Args> = {
  command: 'detokenize <ids>',
  describe: 'Decode token ids (JSON, as printed by tokenize) into a MIDI file',
  builder: (y) =>
    y
      .positional('ids', { type: 'string', demandOption: true, describe: 'a JSON file of ids, or - for stdin' })
      .option('tokenizer', { type: 'string', demandOption: true, describe: 'a MidiTok tokenizer.json' })
      .option('out', { type: 'string', demandOption: true, describe: 'the .mid file to write' }),
  handler: async (args) => {
    const tok = await loadTokenizer(args.tokenizer);
    let text: string;
    try {
      text = args.ids === '-' ? await new Response(process.stdin as unknown as ReadableStream).text() : await readFile(args.ids, 'utf8');
    } catch {
      throw new UserError(`cannot read ${args.ids}`);
    }
    const score = tok.decodeIds(parseIdsJson(text, args.ids));
    try {
      await writeFile(args.out, writeMidi(score));
    } catch {
      throw new UserError(`cannot write ${args.out}`);
    }
    const notes = score.tracks.reduce((n, t) => n + t.notes.length, 0);
    process.stderr.write(`wrote ${args.out}: ${score.tracks.length} track(s), ${notes} notes\n`);
  },
};
