// Sets of descriptor records -> the eval summary (mean/std per set, OA/KL against the human set) and its table.
import { DESCRIPTORS, type Descriptors } from './descriptors.ts';
import { compareSets, mean, std } from './kde.ts';

export interface Stat {
  mean: number;
  std: number;
  oa?: number; // against the human set (Yang & Lerch)
  kl?: number;
}

export interface SetSummary {
  n: number;
  stats: Record<string, Stat>;
  fewDistinctBars: number; // segments with at most 2 distinct bars
  flatVelocity: number; // single-velocity segments from seeds with varied velocity
  variedSeeds: number;
}

const column = (records: Descriptors[], name: string) => records.map((r) => r[name]).filter((x) => Number.isFinite(x));

export function summarize(records: Descriptors[], seedVelocityStd: number[], human?: Descriptors[]): SetSummary {
  const stats: Record<string, Stat> = {};
  for (const d of DESCRIPTORS) {
    const xs = column(records, d.name);
    const s: Stat = { mean: mean(xs), std: std(xs, 0) };
    if (human) Object.assign(s, compareSets(column(human, d.name), xs));
    stats[d.name] = s;
  }
  const varied = seedVelocityStd.map((v) => v > 0);
  return {
    n: records.length,
    stats,
    fewDistinctBars: records.filter((r) => r.distinctBars <= 2).length,
    flatVelocity: records.filter((r, i) => varied[i] && r.velocityStd === 0).length,
    variedSeeds: varied.filter(Boolean).length,
  };
}

/** The human ceiling: the first half of the human set against the second half. */
export function splitHalf(human: Descriptors[], seedVelocityStd: number[]): SetSummary {
  const h = Math.floor(human.length / 2);
  return summarize(human.slice(h), seedVelocityStd.slice(h), human.slice(0, h));
}

const fmt = (x: number | undefined, digits = 2) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits));

/** One row per descriptor: human mean+-std, then each set's mean+-std and OA. */
export function table(sets: Record<string, SetSummary>): string {
  const names = Object.keys(sets);
  const header = ['descriptor', ...names.map((n) => (n === 'human' ? 'human' : `${n} (OA)`))];
  const rows = DESCRIPTORS.map((d) => [
    d.name,
    ...names.map((n) => {
      const s = sets[n].stats[d.name];
      return `${fmt(s.mean)}±${fmt(s.std)}${s.oa === undefined ? '' : ` (${fmt(s.oa)})`}`;
    }),
  ]);
  rows.push(['<=2 distinct bars', ...names.map((n) => `${sets[n].fewDistinctBars}/${sets[n].n}`)]);
  rows.push(['flat velocity', ...names.map((n) => `${sets[n].flatVelocity}/${sets[n].variedSeeds}`)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** The same table as Markdown, for docs/EVAL.md. */
export function markdownTable(sets: Record<string, SetSummary>): string {
  const names = Object.keys(sets);
  const out = [`| descriptor | ${names.map((n) => (n === 'human' ? 'human' : `${n} (OA / KL)`)).join(' | ')} |`, `|---|${names.map(() => '---|').join('')}`];
  for (const d of DESCRIPTORS) {
    const cells = names.map((n) => {
      const s = sets[n].stats[d.name];
      return `${fmt(s.mean)} ± ${fmt(s.std)}${s.oa === undefined ? '' : ` (${fmt(s.oa)} / ${fmt(s.kl)})`}`;
    });
    out.push(`| ${d.name} | ${cells.join(' | ')} |`);
  }
  out.push(`| <=2 distinct bars | ${names.map((n) => `${sets[n].fewDistinctBars}/${sets[n].n}`).join(' | ')} |`);
  out.push(`| single-velocity from varied seed | ${names.map((n) => `${sets[n].flatVelocity}/${sets[n].variedSeeds}`).join(' | ')} |`);
  return out.join('\n');
}
