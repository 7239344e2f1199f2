// seedloop tokenize FILE.mid --tokenizer tokenizer.json: print MidiTok REMI ids as JSON.
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.ts';
import { readInput } from '../io/files.ts';
import { Tokenizer } from '../tokenizer/index.ts';

interface Args { file: string; tokenizer: string; tokens: boolean }

/** The --tokenizer file, read and checked; any problem is one line naming the flag and the file. */
export function tokenizerFlag(path: string): Tokenizer {
  const text = new TextDecoder().decode(readInput(path, '--tokenizer'));
  try {
    return Tokenizer.fromJSON(text);
  } catch (err) {
    if (err instanceof UserError) throw new UserError(`--tokenizer ${path}: ${err.message}`);
    throw err;
  }
}

/** The file's token ids, one list per sequence; a broken file is one line naming it. */
export function tokenizeFile(args: Args): number[][] | string[][] {
  const tok = tokenizerFlag(args.tokenizer);
  const bytes = readInput(args.file, 'file');
  let seqs: number[][];
  try {
    seqs = tok.encodeMidi(bytes);
  } catch (err) {
    if (err instanceof UserError) throw new UserError(`${args.file}: ${err.message}`);
    throw err;
  }
  return args.tokens ? seqs.map((ids) => tok.idsToTokens(ids)) : seqs;
}

export const tokenizeCommand: CommandModule<object, Args> = {
  command: 'tokenize <file>',
  describe: 'Print the token ids of a MIDI file (a list of sequences, exactly as MidiTok encode gives)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'a .mid file' })
      .option('tokenizer', { type: 'string', demandOption: true, describe: 'a MidiTok tokenizer.json' })
      .option('tokens', { type: 'boolean', default: false, describe: 'print token strings instead of ids' }),
  handler: (args) => {
    process.stdout.write(`${JSON.stringify(tokenizeFile(args))}\n`);
  },
};
