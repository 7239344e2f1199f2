// The yargs parser for every command, with its own messages turned into one line naming the flag.
import yargs, { type Argv, type CommandModule } from 'yargs';
import { UserError } from '../errors.ts';

/** yargs' messages (some span lines) as one line that names the flag as the user typed it. */
export function yargsMessage(msg: string): string {
  const choice = /Argument: ([\w-]+), Given: (.*?), Choices: (.*)$/s.exec(msg);
  if (choice) return `--${choice[1]} ${choice[2]}: must be one of ${choice[3].replace(/\s+/g, ' ')}`;
  const missing = /^Missing required arguments?: (.*)$/.exec(msg);
  if (missing) return `missing ${missing[1].split(', ').map((f) => (f.length > 1 ? `--${f}` : f)).join(', ')}`;
  return msg.replace(/\s*\n\s*/g, '; ');
}

/**
 * A lone `-` (read standard input) as yargs hands it on: yargs re-parses positionals as `--name value`
 * and reads that `-` as an empty flag, so it is swapped for this name before parsing.
 */
export const STDIN_ARG = '(standard input)';

/** yargs turns `--threads abc` into NaN: name the flag with the text the user typed instead. */
function refuseNaN(argv: string[], args: Record<string, unknown>): void {
  argv.forEach((token, i) => {
    if (!token.startsWith('--')) return;
    const [name, inline] = token.slice(2).split(/=(.*)/s);
    if (typeof args[name] === 'number' && Number.isNaN(args[name])) {
      throw new UserError(`--${name} ${inline ?? argv[i + 1] ?? ''}: not a number`);
    }
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function buildParser(argv: string[], commands: CommandModule<any, any>[]): Argv {
  let cli = yargs(argv.map((a) => (a === '-' ? STDIN_ARG : a)))
    .middleware((args) => refuseNaN(argv, args), true)
    .scriptName('seedloop')
    .strict()
    .demandCommand(1, 'Name a command: seedloop --help lists them.')
    .recommendCommands()
    .help()
    .fail((msg, err) => {
      throw err ?? new UserError(yargsMessage(msg));
    });
  for (const command of commands) cli = cli.command(command);
  return cli;
}
