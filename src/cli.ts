// seedloop's command line: each subcommand lives in src/commands/.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UserError } from './errors.ts';
import { commands } from './commands/index.ts';

async function main(): Promise<void> {
  let cli = yargs(hideBin(process.argv))
    .scriptName('seedloop')
    .strict()
    .demandCommand(1, 'Name a command: seedloop --help lists them.')
    .recommendCommands()
    .help()
    .fail((msg, err) => {
      throw err ?? new UserError(msg);
    });
  for (const command of commands) cli = cli.command(command);
  await cli.parseAsync();
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`seedloop: ${message}\n`);
  if (process.env.SEEDLOOP_DEBUG && err instanceof Error && !(err instanceof UserError)) {
    process.stderr.write(`${err.stack}\n`);
  }
  process.exitCode = 1;
});
