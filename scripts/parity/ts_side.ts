// TypeScript side of the parity harness: the same records as miditok_side.py, from src/tokenizer.
// Usage: node --import tsx scripts/parity/ts_side.ts TOKENIZER_DIR FILE_LIST OUT_PREFIX (writes OUT_PREFIX.<config>.jsonl)
import { readFileSync, writeFileSync } from 'node:fs';
import { loadTokenizer } from '../../src/tokenizer/index.ts';
import { readMidi } from '../../src/midi/file.ts';
import type { Score } from '../../src/types.ts';

function summarize(s: Score) {
  return {
    tpq: s.ticksPerQuarter,
    tracks: s.tracks.map((t) => ({
      program: t.program,
      drum: t.isDrum,
      notes: t.notes.map((n) => [n.start, n.duration, n.pitch, n.velocity]),
    })),
    tempos: s.tempos.map((t) => [t.tick, Number(t.bpm.toFixed(2))]),
    timeSignatures: s.timeSignatures.map((t) => [t.tick, t.numerator, t.denominator]),
  };
}

const CONFIGS = (process.env.PARITY_CONFIGS ?? 'defaults writeup shipped bpe').split(' ').filter(Boolean);

async function main(): Promise<void> {
  const [tokDir, listPath, outPrefix] = process.argv.slice(2);
  const toks = await Promise.all(CONFIGS.map((name) => loadTokenizer(`${tokDir}/${name}.json`)));
  const lines: string[][] = CONFIGS.map(() => []);
  for (const file of readFileSync(listPath, 'utf8').split('\n').filter(Boolean)) {
    let score: Score | null = null;
    let loadError = '';
    try {
      score = readMidi(new Uint8Array(readFileSync(file)));
    } catch (err) {
      loadError = `load: ${(err as Error).message}`;
    }
    toks.forEach((tok, k) => {
      const rec: Record<string, unknown> = { file };
      if (!score) rec.error = loadError;
      else {
        try {
          const ids = tok.encodeScore(score);
          rec.ids = ids;
          rec.notes = summarize(tok.decodeIds(ids));
        } catch (err) {
          rec.error = `encode: ${(err as Error).message}`.slice(0, 200);
        }
      }
      lines[k].push(JSON.stringify(rec));
    });
  }
  CONFIGS.forEach((name, k) => writeFileSync(`${outPrefix}.${name}.jsonl`, lines[k].join('\n') + '\n'));
}

await main();
