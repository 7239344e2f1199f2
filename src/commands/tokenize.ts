// seedloop tokenize FILE.mid --tokenizer tokenizer.json: print MidiTok REMI ids as JSON.
import { readFile } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.ts';
import { loadTokenizer } from '../tokenizer/index.ts';

interface Args { file: string; tokenizer: string; tokens: boolean }

export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    throw new UserError(`cannot read ${path}`);
  }
}

export const tokenizeCommand: CommandModule<object, Args> = {
  command: 'tokenize <file>',
  describe: 'Print the token ids of a MIDI file (a list of sequences, exactly as MidiTok encode gives)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'a .mid file' })
      .option('tokenizer', { type: 'string', demandOption: true, describe: 'a MidiTok tokenizer.json' })
      .option('tokens', { type: 'boolean', default: false, describe: 'print token strings instead of ids' }),
  handler: async (args) => {
    const tok = await loadTokenizer(args.tokenizer);
    const bytes = await readBytes(args.file);
    let seqs: number[][];
    try {
      seqs = tok.encodeMidi(bytes);
    } catch (err) {
      if (err instanceof UserError) throw new UserError(`${args.file}: ${err.message}`);
      throw err;
    }
    const out = args.tokens ? seqs.map((ids) => tok.idsToTokens(ids)) : seqs;
    process.stdout.write(`${JSON.stringify(out)}\n`);
  },
};
