// seedloop's command line: each subcommand lives in src/commands/.
import { hideBin } from 'yargs/helpers';
import { UserError } from './errors.ts';
import { commands } from './commands/index.ts';
import { buildParser } from './commands/parser.ts';

async function main(): Promise<void> {
  await buildParser(hideBin(process.argv), commands).parseAsync();
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  // One line: the rest of a raw error's text comes with SEEDLOOP_DEBUG.
  process.stderr.write(`seedloop: ${message.split('\n')[0]}\n`);
  if (process.env.SEEDLOOP_DEBUG && err instanceof Error && !(err instanceof UserError)) {
    process.stderr.write(`${err.stack}\n`);
  }
  process.exitCode = 1;
});
