// The live command's routing and capture flags, checked here so live.ts keeps one hook. Each bad
// value is one UserError line naming the flag.
import { UserError } from '../errors.ts';
import { settingDefault, settingProblem, settingRow } from '../settings/table.ts';
import type { SeedEnd } from '../live/capture.ts';

export const ROUTING_FLAGS = {
  'clock-in': { type: 'string', describe: 'the input port the clock follows (name or index; default: the first --in that sends clock)' },
  'in-channel': { type: 'string', describe: `${settingRow('inChannel').describe} [1..16, or all]` },
  thru: { type: 'boolean', default: false, describe: 'echo what you play to the output while a seed is played in (i toggles)' },
  'seed-end': { type: 'string', default: 'bars', describe: 'bars: exactly --seed-bars; pedal: the bar line after a sustain press; silence: before a silent bar' },
  'count-in': { type: 'boolean', default: false, describe: 'the seed starts on the next bar line after arming' },
  'loop-start': { type: 'string', default: 'seed', describe: 'seed: the loop starts right after the seed, seed bars filling in; ready: once its first bar is made' },
} as const;

export interface RoutingArgs {
  in?: string | string[];
  out?: string | string[];
  'clock-in'?: string | string[];
  'in-channel'?: string | number | (string | number)[];
  thru?: boolean;
  'seed-end'?: string;
  'count-in'?: boolean;
  'loop-start'?: string;
}

export interface Routing {
  ins: string[];
  out?: string;
  clockIn?: string;
  inChannel: number | 'all';
  thru: boolean;
  seedEnd: SeedEnd;
  countIn: boolean;
  loopStart: 'seed' | 'ready';
}

const list = (v: string | number | (string | number)[] | undefined): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));

function oneOf<T extends string>(flag: string, value: string | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new UserError(`--${flag} ${value}: must be ${choices.join(', ')}`);
  return value as T;
}

export function parseRouting(args: RoutingArgs): Routing {
  const ins = list(args.in);
  if (ins.some((n) => n.trim() === '')) throw new UserError('--in: an empty port name');
  const outs = list(args.out);
  if (outs.some((n) => n.trim() === '')) throw new UserError('--out: an empty port name');
  if (outs.length > 1) throw new UserError(`--out given ${outs.length} times ("${outs.join('", "')}"): seedloop plays to one port`);
  const clocks = list(args['clock-in']);
  if (clocks.some((n) => n.trim() === '')) throw new UserError('--clock-in: an empty port name');
  if (clocks.length > 1) throw new UserError(`--clock-in given ${clocks.length} times ("${clocks.join('", "')}"): the clock follows one port`);
  const channels = list(args['in-channel']);
  if (channels.length > 1) throw new UserError(`--in-channel given ${channels.length} times: give one channel (1-16) or all`);
  // The range is the settings table's row (0 = every channel); 'all' says the same in words.
  const ch = channels[0] ?? 'all';
  const n = ch === 'all' ? settingDefault('inChannel') : /^\s*-?\d+(\.\d+)?\s*$/.test(ch) ? Number(ch) : Number.NaN;
  const problem = settingProblem('inChannel', n);
  if (problem) throw new UserError(`--in-channel ${ch}: ${problem} (0 or all: every channel)`);
  const inChannel: number | 'all' = n === 0 ? 'all' : n;
  return {
    ins,
    out: outs[0],
    clockIn: clocks[0],
    inChannel,
    thru: args.thru ?? false,
    seedEnd: oneOf('seed-end', args['seed-end'], ['bars', 'pedal', 'silence'] as const, 'bars'),
    countIn: args['count-in'] ?? false,
    loopStart: oneOf('loop-start', args['loop-start'], ['seed', 'ready'] as const, 'seed'),
  };
}
