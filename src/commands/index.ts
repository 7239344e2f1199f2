// Every subcommand. Each file exports one yargs CommandModule.
import type { CommandModule } from 'yargs';
import { benchCommand } from './bench.ts';
import { generateCommand } from './generate.ts';
import { liveCommand } from './live.ts';
import { portsCommand } from './ports.ts';
import { tokenizeCommand } from './tokenize.ts';
import { detokenizeCommand } from './detokenize.ts';
import { doctorCommand } from './doctor.ts';
import { grooveCommand } from './groove.ts';
import { evalCommand } from './eval.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [benchCommand, generateCommand, liveCommand, portsCommand, tokenizeCommand, detokenizeCommand, doctorCommand, grooveCommand, evalCommand];
