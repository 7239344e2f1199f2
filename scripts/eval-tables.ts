// docs/EVAL.md's tables from `seedloop eval --out` reports: the descriptor table of one corpus (human and
// baselines from the first report, then each report's presets, tagged) and the issue-13 targets rows.
// Usage: npx tsx scripts/eval-tables.ts CORPUS before.json:before after.json:after [...]
import { readFileSync } from 'node:fs';
import { markdownTable, type SetSummary } from '../src/eval/report.ts';

const [corpus, ...args] = process.argv.slice(2);
if (!corpus || args.length === 0) {
  process.stderr.write('usage: eval-tables.ts CORPUS report.json:tag ...\n');
  process.exit(1);
}
const reports = args.map((a) => {
  const [file, tag] = a.split(':');
  return { tag, sets: JSON.parse(readFileSync(file, 'utf8')).sets as Record<string, SetSummary> };
});
const BASE = ['human', 'split-half', 'seed x2'];
const presets = [...new Set(reports.flatMap((r) => Object.keys(r.sets).filter((n) => !BASE.includes(n))))];
const sets: Record<string, SetSummary> = {};
for (const name of BASE) sets[name] = reports[0].sets[name];
for (const p of presets) for (const r of reports) if (r.sets[p]) sets[r.tag ? `${p} ${r.tag}` : p] = r.sets[p];
process.stdout.write(`${markdownTable(sets)}\n\n`);

const human = sets.human.stats;
const f = (x: number) => x.toFixed(2);
const sign = (x: number) => {
  const r = Math.round(x * 100) / 100 + 0; // + 0: no "-0.00"
  return `${r >= 0 ? '+' : ''}${r.toFixed(2)}`;
};
for (const [name, s] of Object.entries(sets)) {
  if (BASE.includes(name)) continue;
  const st = s.stats;
  const cells = [
    corpus,
    name,
    f(st.distinctBars.mean),
    f(st.pitchClassEntropy.oa ?? NaN),
    `${f(st.seedPitchClassCorr.mean)} / ${f(human.seedPitchClassCorr.mean)}`,
    `${f(st.seedKeyAgreement.mean)} / ${f(human.seedKeyAgreement.mean)}`,
    sign(st.loopWrapJump.mean - st.barLineJump.mean),
    `${f(st.copiedSeedBars.mean)} / ${f(human.copiedSeedBars.mean)}`,
    `${s.flatVelocity}/${s.variedSeeds}`,
  ];
  process.stdout.write(`| ${cells.join(' | ')} |\n`);
}
