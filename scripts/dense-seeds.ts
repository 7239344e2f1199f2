// Dense-seed harness (issue 14): continue the first 4 bars of real multi-track pieces (merged to one pitched
// part, as the product does) into 8-bar loops, and compare with what the humans wrote in bars 5-12.
// Prints notes per bar, the late-empty-bar rate (bars with no onset in their second half), tokens per bar and
// time per loop, for the loops as they were before the rolling context ("fitted") and with rolling policies
// (window.ts, limits.ts: "rolling" is the shipped one), run in turn in one process on the same seeds and rng
// seeds; "raw" modes sample the model's own distribution (temperature 1, no trimming, no penalty, no key) to
// tell the model's density from the preset's. Usage (extract some VGMusic val files to /tmp first, never into the repo):
//   nice npx tsx scripts/dense-seeds.ts --dir /tmp/rollctx-vgm [--limit 40] [--modes fitted,rolling] [--threads 1] [--candidates 1] [--json]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { splitAt } from '../src/model/barIds.ts';
import { LoadedModel } from '../src/model/loadedModel.ts';
import { barTokenLimit, ROLL_POLICY, type RollPolicy } from '../src/model/limits.ts';
import { resolveModelDir } from '../src/model/manifest.ts';
import { countBars } from '../src/model/window.ts';
import { readMidi } from '../src/midi/file.ts';
import { loadPreset } from '../src/sampling/presets.ts';
import type { TokenTable } from '../src/sampling/tokenTable.ts';
import type { SamplerSettings } from '../src/sampling/types.ts';
import { mergeToSingleTrack } from '../src/tokenizer/index.ts';

const { values: a } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/rollctx-vgm' },
    model: { type: 'string' },
    limit: { type: 'string', default: '40' },
    threads: { type: 'string', default: '1' },
    candidates: { type: 'string', default: '1' },
    modes: { type: 'string', default: 'fitted,rolling' },
    'seed-bars': { type: 'string', default: '4' },
    bars: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false },
  },
});

function midiFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? midiFiles(p) : /\.midi?$/i.test(f) ? [p] : [];
    });
}

interface BarStats {
  notes: number;
  lateEmpty: boolean;
  tokens: number;
}

/** Per bar: Pitch tokens, whether any onset sits in the second half of the bar's meter, tokens. */
function barStats(bars: number[][], table: TokenTable, meterPositions: number): BarStats[] {
  let ppb = meterPositions;
  return bars.map((bar) => {
    let pos = 0;
    let notes = 0;
    let late = false;
    for (const id of bar) {
      const type = table.types[id];
      if (type === 'TimeSig') ppb = table.positionsPerBar.get(id) ?? ppb;
      else if (type === 'Position') pos = table.values[id];
      else if (type === 'Pitch') {
        notes++;
        if (pos >= ppb / 2) late = true;
      }
    }
    return { notes, lateEmpty: !late, tokens: bar.length };
  });
}

function summarize(stats: BarStats[]) {
  const n = Math.max(1, stats.length);
  const tokens = stats.map((s) => s.tokens).sort((x, y) => x - y);
  return {
    bars: stats.length,
    notesPerBar: Number((stats.reduce((s, b) => s + b.notes, 0) / n).toFixed(1)),
    lateEmptyRate: Number((stats.filter((b) => b.lateEmpty).length / n).toFixed(3)),
    tokensPerBar: Number((tokens.reduce((s, t) => s + t, 0) / n).toFixed(1)),
    tokensPerBarP90: tokens[Math.floor(0.9 * (tokens.length - 1))] ?? 0,
  };
}

/**
 * The request as it was before the rolling context (fitSeed in src/model/loop.ts until this change): the
 * seed's oldest bars dropped and every bar capped so that seed + loop + scored bar fit the context at once.
 * With that seed and cap nothing ever rolls, so this reproduces the old loops exactly, in the same process.
 */
function fitted(seedIds: number[], barId: number, bars: number, contextLength: number) {
  let seed = seedIds;
  for (;;) {
    const room = contextLength - seed.length - 1;
    const maxBarTokens = Math.floor(room / (bars + 1)) - 3;
    if (maxBarTokens >= 24) return { seedIds: seed, maxBarTokens: Math.min(maxBarTokens, 256) };
    const next = seed.indexOf(barId, seed.indexOf(barId) + 1);
    if (next < 0) return null;
    seed = [seed[0], ...seed.slice(next)];
  }
}

const engine = await LoadedModel.open(resolveModelDir(a.model), { device: 'cpu', threads: Number(a.threads) });
const preset = await loadPreset('default');
const tok = engine.tokenizer;
const table = engine.table;
const bos = tok.specialId('BOS')!;
const seedBars = Number(a['seed-bars']);
const loopBars = Number(a.bars);
const context = engine.manifest.contextLength;
const defaultPpb = Math.max(...table.positionsPerBar.values()) || 48;
const RAW: SamplerSettings = { temperature: 1, topK: 0, topP: 1, minP: 0, repetitionPenalty: 1 };
/** Each mode: a rolling policy (or the fitted request of before), and the preset's sampler or the raw one. */
const KNOWN: Record<string, { roll: RollPolicy | 'fitted'; raw?: boolean }> = {
  fitted: { roll: 'fitted' },
  rolling: { roll: ROLL_POLICY },
  'keep-90': { roll: { ...ROLL_POLICY, keep: 0.9 } },
  'keep-60': { roll: { ...ROLL_POLICY, keep: 0.6 } },
  'anchor-25': { roll: { ...ROLL_POLICY, anchor: 0.25 } },
  'anchor-40': { roll: { ...ROLL_POLICY, anchor: 0.4 } },
  'raw-rolling': { roll: ROLL_POLICY, raw: true },
  'raw-anchor-25': { roll: { ...ROLL_POLICY, anchor: 0.25 }, raw: true },
};
const MODES = a.modes.split(',');
for (const m of MODES) if (!KNOWN[m]) throw new Error(`--modes: unknown mode ${m} (known: ${Object.keys(KNOWN).join(', ')})`);
const runs = Object.fromEntries(MODES.map((m) => [m, { bars: [] as BarStats[], atCap: 0, ms: [] as number[], rolls: 0, seen: 0, byBar: new Array(loopBars).fill(0), chosenTokens: 0, meanTokens: 0 }]));
const human: BarStats[] = [];
const humanByBar = new Array(loopBars).fill(0);
const seedStats: BarStats[] = [];
let pieces = 0;
for (const file of midiFiles(a.dir)) {
  if (pieces >= Number(a.limit)) break;
  let bars: number[][];
  try {
    bars = splitAt(tok.encodeScore(mergeToSingleTrack(readMidi(readFileSync(file))))[0] ?? [], (id) => !!table.startsBar[id]);
  } catch {
    continue; // corrupt file: the parity harness counts those
  }
  const seed = bars.slice(0, seedBars);
  const ref = bars.slice(seedBars, seedBars + loopBars);
  if (ref.length < loopBars || seed.every((b) => !b.some((id) => table.types[id] === 'Pitch'))) continue;
  const seedIds = [bos, ...seed.flat()];
  const fit = fitted(seedIds, table.barId, loopBars, context);
  if (!fit) continue;
  pieces++;
  const ts = [...seedIds].reverse().find((id) => table.types[id] === 'TimeSig');
  const meter = ts === undefined ? defaultPpb : table.positionsPerBar.get(ts) ?? defaultPpb;
  const refStats = barStats(ref, table, meter);
  human.push(...refStats);
  refStats.forEach((b, i) => (humanByBar[i] += b.notes));
  seedStats.push(...barStats(seed, table, meter));
  const line: string[] = [];
  // Rotate which mode runs first, so a busy moment on the shared machine does not always hit one.
  for (let k = 0; k < MODES.length; k++) {
    const mode = MODES[(pieces + k) % MODES.length];
    const { roll, raw } = KNOWN[mode];
    const req = roll === 'fitted' ? fit : { seedIds };
    const sampler = raw ? RAW : preset.sampler;
    const r = await engine.generate({ ...req, bars: loopBars, sampler, rngSeed: pieces, candidates: Number(a.candidates) }, roll === 'fitted' ? {} : { roll });
    const stats = barStats(splitAt(r.ids, (id) => !!table.startsBar[id]), table, meter);
    const run = runs[mode];
    const cap = roll === 'fitted' ? fit.maxBarTokens : barTokenLimit(context);
    stats.forEach((b, i) => (run.byBar[i] += b.notes));
    run.bars.push(...stats);
    run.atCap += stats.filter((b) => b.tokens >= cap).length;
    run.ms.push(r.ms);
    run.rolls += r.rolls ?? 0;
    // K > 1: does the loop score pick thinner or denser candidates than the K drawn?
    run.chosenTokens += r.tokens;
    run.meanTokens += r.candidates.reduce((sum, c) => sum + c.tokens, 0) / r.candidates.length;
    run.seen += roll === 'fitted' ? countBars(fit.seedIds, table.startsBar) : r.seedBarsUsed ?? seedBars;
    const s = summarize(stats);
    line.push(`${mode} ${r.tokens} tok ${s.notesPerBar} n/bar late-empty ${s.lateEmptyRate} ${r.rolls ?? 0} rolls ${Math.round(r.ms)} ms`);
  }
  process.stderr.write(`${pieces} ${file.split('/').slice(-2).join('/')} (seed ${seedIds.length} tok): ${line.join(' | ')}\n`);
}
await engine.close();
const median = (xs: number[]) => Math.round([...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]);
const perBar = (sums: number[]) => sums.map((x) => Number((x / Math.max(1, pieces)).toFixed(1)));
const out = {
  model: engine.manifest.name,
  pieces,
  seed: summarize(seedStats),
  human: { ...summarize(human), notesByBar: perBar(humanByBar) },
  ...Object.fromEntries(
    MODES.map((m) => {
      const r = runs[m];
      return [m, {
        ...summarize(r.bars),
        atTokenCap: Number((r.atCap / Math.max(1, r.bars.length)).toFixed(3)),
        msPerLoop: { median: median(r.ms), mean: Math.round(r.ms.reduce((x, y) => x + y, 0) / r.ms.length) },
        rollsPerLoop: Number((r.rolls / Math.max(1, pieces)).toFixed(2)),
        seedBarsSeen: Number((r.seen / Math.max(1, pieces)).toFixed(2)),
        notesByBar: perBar(r.byBar),
        ...(Number(a.candidates) > 1 ? { tokensChosenVsMeanOfK: Number((r.chosenTokens / Math.max(1, r.meanTokens)).toFixed(3)) } : {}),
      }];
    }),
  ),
  barTokenLimit: barTokenLimit(context),
};
process.stdout.write(a.json ? `${JSON.stringify(out)}\n` : `${JSON.stringify(out, null, 2)}\n`);
