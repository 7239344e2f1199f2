// The `live` flags for performing that are not settings (those are rows of src/settings/table.ts):
// the session recording, the export folder, the program change. Declared, checked before any port
// opens (one line naming the flag) and turned into engine options here; the live command hooks them in.
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { UserError } from '../errors.ts';
import { checkOutputPath } from '../io/files.ts';
import type { PerformOptions } from '../live/perform.ts';

export interface PerformArgs {
  record?: string;
  'export-dir'?: string;
  program?: number;
  bank?: number;
}

export function performFlags<T>(y: Argv<T>): Argv<T & PerformArgs> {
  return y
    .option('record', { type: 'string', describe: 'write everything sent, with the tempo map, to this .mid when seedloop stops' })
    .option('export-dir', { type: 'string', describe: 'where e (export) writes loops (default: the current folder)' })
    .option('program', { type: 'number', describe: 'program change 1-128 sent on the output channel at start and after panic' })
    .option('bank', { type: 'number', describe: 'with --program: bank select 0-16383 (MSB*128+LSB) sent before it' }) as Argv<T & PerformArgs>;
}

function whole(flag: string, v: number | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!(Number.isInteger(v) && v >= min && v <= max)) throw new UserError(`--${flag} ${v}: must be a whole number ${min}-${max}`);
  return v;
}

/** Check the flags before any port opens or model loads; `inputs` are files the run reads. */
export function checkPerformFlags(args: PerformArgs, inputs: string[] = []): PerformOptions {
  const program = whole('program', args.program, 1, 128);
  const bank = whole('bank', args.bank, 0, 16383);
  if (bank !== undefined && program === undefined) throw new UserError(`--bank ${bank}: goes with --program (a bank select alone changes no sound)`);
  if (args.record !== undefined) checkOutputPath(args.record, '--record', inputs);
  const given = args['export-dir'];
  // An empty name (an unset shell variable) would quietly mean the current folder.
  if (given !== undefined && given.trim() === '') throw new UserError('--export-dir: an empty folder name');
  const exportDir = given === undefined ? undefined : resolve(given);
  if (exportDir !== undefined) {
    let isDir = false;
    try {
      isDir = statSync(exportDir).isDirectory();
    } catch {
      throw new UserError(`--export-dir ${given}: folder does not exist`);
    }
    if (!isDir) throw new UserError(`--export-dir ${given}: is not a folder`);
    try {
      accessSync(exportDir, constants.W_OK);
    } catch {
      throw new UserError(`--export-dir ${given}: no permission to write there`);
    }
  }
  return { record: args.record ?? null, exportDir, program, bank };
}
