// `--device auto`: measure each available provider on the model at hand, keep the fastest, never one
// slower than the CPU, and remember the choice per model and machine. The choice and its one-line
// message are pure (tests feed measured speeds); the cache is a JSON file keyed by what the speed depends on.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/files.ts';
import type { Provider } from './device.ts';

export interface Measured {
  provider: Provider;
  batch1: number; // decode tok/s, one row (the live path)
  batchK: number; // decode tok/s over K rows (candidates)
  K: number;
}

export interface Choice {
  provider: Provider;
  measured: Measured[];
  skipped: string[]; // "cuda: why not", for providers that could not run
}

/**
 * The CPU is the baseline: a GPU wins only when it beats the CPU at batch 1 AND at batch K, so `auto` is
 * never slower than the CPU on either path. Among the winners, the fastest at batch 1 (the live path).
 */
export function chooseProvider(measured: Measured[]): Provider {
  const cpu = measured.find((m) => m.provider === 'cpu');
  if (!cpu) throw new Error('calibration has no CPU baseline');
  const faster = measured.filter((m) => m.provider !== 'cpu' && m.batch1 > cpu.batch1 && m.batchK > cpu.batchK);
  return faster.length ? faster.reduce((a, b) => (b.batch1 > a.batch1 ? b : a)).provider : 'cpu';
}

const rate = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** One line: what auto chose, each provider's measured tok/s, why the others could not run. */
export function choiceLine(c: Choice, from: 'measured' | 'cached'): string {
  const K = c.measured[0]?.K ?? 0;
  const speeds = c.measured.map((m) => `${m.provider} ${rate(m.batch1)}/${rate(m.batchK)}`).join(', ');
  const skipped = c.skipped.length ? `; ${c.skipped.join('; ')}` : '';
  if (!c.measured.length) return `auto: ${c.provider}, the only provider here${skipped}`;
  return `auto: ${c.provider} (${from} decode tok/s at batch 1/${K}: ${speeds})${skipped}`;
}

/** $SEEDLOOP_CACHE_DIR, else $XDG_CACHE_HOME/seedloop, else ~/.cache/seedloop. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SEEDLOOP_CACHE_DIR) return env.SEEDLOOP_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'seedloop');
}

/** What a measured speed depends on: the model file, the machine, the runtime, the threads, the providers tried. */
export function cacheKey(file: string, providers: Provider[], threads: number | undefined, ortVersion: string): string {
  const s = statSync(file);
  const cpu = cpus();
  const machine = `${process.platform}-${process.arch} ${cpu[0]?.model ?? '?'} x${cpu.length}`;
  return [file, s.size, Math.round(s.mtimeMs), machine, `ort ${ortVersion}`, `threads ${threads ?? 'default'}`, providers.join('+')].join(' | ');
}

const FILE = 'devices.json';

export function readCachedChoice(dir: string, key: string): Choice | null {
  const path = join(dir, FILE);
  if (!existsSync(path)) return null;
  try {
    const all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Choice>;
    return all[key] ?? null;
  } catch {
    return null; // a damaged cache is measured again and rewritten
  }
}

export function writeCachedChoice(dir: string, key: string, choice: Choice): void {
  const path = join(dir, FILE);
  let all: Record<string, Choice> = {};
  try {
    if (existsSync(path)) all = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    all = {};
  }
  all[key] = choice;
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(path, `${JSON.stringify(all, null, 1)}\n`);
}
