// Shared by the bad-input tables (one file per command): parse argv in-process exactly as the CLI does,
// run the command's checks, and assert the three rules: refused, one line naming the flag or file, no
// output touched. `cli` spawns the real binary for the representative cases (SEEDLOOP_BIN: another build).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import yargs, { type Argv, type CommandModule } from 'yargs';
import { expect } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { buildParser } from '../../src/commands/parser.ts';

export const BIN = process.env.SEEDLOOP_BIN ?? new URL('../../bin/seedloop.js', import.meta.url).pathname;
export const TINY_MODEL = new URL('../fixtures/tiny-model/', import.meta.url).pathname;

/** One flag and the values it must refuse. Add rows as flags are added. */
export interface FlagCase { flag: string; bad: string[] }

/** Every option the command's yargs builder declares, as --name (yargs' own --help and --version left out). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function declaredFlags(command: CommandModule<any, any>): string[] {
  const built = (command.builder as (y: Argv) => Argv)(yargs([])) as unknown as { getOptions(): { key: Record<string, unknown> } };
  return Object.keys(built.getOptions().key)
    .filter((k) => k !== 'help' && k !== 'version')
    .map((k) => `--${k}`);
}

/**
 * The guard: every flag the command declares has a row in its bad-input table, or is exempt with a
 * one-word reason (boolean, positional: tested by its own table); no row or exemption names a flag
 * the command no longer has.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function expectEveryFlagCovered(command: CommandModule<any, any>, table: FlagCase[], exempt: Record<string, string>): void {
  const declared = declaredFlags(command);
  const rows = new Set(table.map((r) => r.flag));
  expect(declared.filter((f) => !rows.has(f) && !(f in exempt)), 'flags with no bad-input row').toEqual([]);
  expect([...rows, ...Object.keys(exempt)].filter((f) => !declared.includes(f)), 'rows for flags the command lacks').toEqual([]);
  for (const [flag, why] of Object.entries(exempt)) {
    expect(why, `${flag}: exempt with one word`).toMatch(/^[\w-]+$/);
    expect(rows.has(flag), `${flag} has rows and an exemption`).toBe(false);
  }
}

/** argv with `flag value` replacing any earlier occurrence of the flag. */
export function withFlag(base: string[], flag: string, value: string): string[] {
  const out = [...base];
  const at = out.indexOf(flag);
  if (at >= 0) out.splice(at, 2);
  return [...out, flag, value];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function parseArgs(command: CommandModule<any, any>, argv: string[]): Promise<Record<string, unknown>> {
  let captured: Record<string, unknown> | undefined;
  const probe = { ...command, handler: (a: Record<string, unknown>) => void (captured = a) };
  await buildParser(argv, [probe]).parseAsync();
  return captured!;
}

/** The one-line refusal from parsing `argv` and running `check`, or null when it was accepted. */
export async function refusal(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  command: CommandModule<any, any>,
  argv: string[],
  check: (args: never) => unknown,
): Promise<string | null> {
  try {
    await check((await parseArgs(command, argv)) as never);
    return null;
  } catch (e) {
    if (!(e instanceof UserError)) throw e; // anything else is a bug the table found
    return e.message;
  }
}

/** Refused in one line that names `name` (a flag, or a file's path; any of several). */
export function expectRefused(message: string | null, name: string | string[], why = ''): void {
  expect(message, `accepted ${why}`).not.toBeNull();
  expect(message!.includes('\n'), `${why}: ${message}`).toBe(false);
  const names = [name].flat().filter((n) => n.length > 0);
  expect(names.some((n) => message!.includes(n)), `${why}: "${message}" names none of ${names.join(', ')}`).toBe(true);
}

/** Every file under `dir` with a hash of its bytes: compare before and after to see nothing was written. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    out[name] = st?.isFile() ? createHash('sha1').update(readFileSync(path)).digest('hex') : 'folder';
  }
  return out;
}

export interface CliResult { status: number | null; stdout: string; stderr: string; lines: string[] }

export function cli(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: opts.input,
    timeout: opts.timeout ?? 60_000,
    env: { ...process.env, SEEDLOOP_DEBUG: '', ...opts.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stderr.trimEnd().split('\n').filter(Boolean) };
}

/** The CLI's three rules: exit 1, exactly one stderr line (naming `name`), nothing on stdout. */
export function expectCliRefused(r: CliResult, name: string): void {
  expect(r.status, r.stderr).toBe(1);
  expect(r.lines, r.stderr).toHaveLength(1);
  expect(r.lines[0]).toMatch(/^seedloop: /);
  expect(r.lines[0]).toContain(name);
  expect(r.stdout).toBe('');
}
