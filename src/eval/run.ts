// The eval loop: for each piece, generate one loop per preset from its seed, then describe every
// segment (generated, human, seed played twice) and summarize each set against the human one.
import { splitBars } from '../model/loopCodec.ts';
import type { GenerateRequest, GenerateResult } from '../model/types.ts';
import type { Preset } from '../sampling/presets.ts';
import type { Tokenizer } from '../tokenizer/index.ts';
import { describe, type Descriptors } from './descriptors.ts';
import { LOOP_BARS, type Piece, seedAndContinuation } from './pieces.ts';
import { type SetSummary, splitHalf, summarize } from './report.ts';
import { repeatSegment, type Segment } from './segment.ts';
import { velocityStd } from './structure.ts';

export interface EvalPiece {
  file: string;
  seed: Segment;
  human: Segment;
  loops: Record<string, { segment: Segment; loopScore: number | null; ms: number }>;
}

export interface EvalResult {
  pieces: EvalPiece[];
  tooDense: string[]; // pieces dropped: a seed bar too long for the model's context
  sets: Record<string, SetSummary>; // human, split-half, seed x2, then one per preset
  records: Record<string, Descriptors[]>;
}

type Generate = (req: GenerateRequest) => Promise<GenerateResult>;

export async function runEval(
  tok: Tokenizer,
  pieces: Piece[],
  presets: Record<string, Preset>,
  generate: Generate,
  rngSeed: number,
  progress: (done: number, total: number, what: string) => void = () => {},
): Promise<EvalResult> {
  const bos = tok.specialId('BOS');
  const barId = tok.tokenId('Bar_None')!;
  const out: EvalPiece[] = [];
  const tooDense: string[] = [];
  const total = pieces.length * Object.keys(presets).length;
  let done = 0;
  for (const [i, piece] of pieces.entries()) {
    const { seed, cont: human } = seedAndContinuation(tok, piece.seedBars, piece.humanBars);
    const loops: EvalPiece['loops'] = {};
    let dense = false;
    for (const [name, preset] of Object.entries(presets)) {
      const bars = piece.seedBars.slice(-preset.seedBars);
      const result = await generate({
        seedIds: [...(bos === undefined ? [] : [bos]), ...bars.flat()],
        bars: LOOP_BARS,
        sampler: preset.sampler,
        rngSeed: (rngSeed + i) >>> 0,
        candidates: preset.candidates,
      }).catch((e: Error) => {
        // one seed bar longer than the model's context (the rolling context cannot drop a bar below one)
        if (/do not fit|context full/.test(e.message)) return null;
        throw e;
      });
      if (!result) {
        dense = true;
        done += Object.keys(presets).length - Object.keys(loops).length;
        break;
      }
      const { cont } = seedAndContinuation(tok, piece.seedBars, splitBars(result.ids, barId));
      loops[name] = { segment: cont, loopScore: result.loopScore, ms: result.ms };
      progress(++done, total, `${piece.file} ${name}`);
    }
    if (dense) tooDense.push(piece.file);
    else out.push({ file: piece.file, seed, human, loops });
  }
  const describeAll = (seg: (p: EvalPiece) => Segment) => out.map((p) => describe(seg(p), p.seed));
  const records: Record<string, Descriptors[]> = {
    human: describeAll((p) => p.human),
    'seed x2': describeAll((p) => repeatSegment(p.seed, LOOP_BARS / p.seed.bars)),
  };
  for (const name of Object.keys(presets)) records[name] = describeAll((p) => p.loops[name].segment);
  const seedVel = out.map((p) => velocityStd(p.seed));
  const sets: Record<string, SetSummary> = {
    human: summarize(records.human, seedVel),
    'split-half': splitHalf(records.human, seedVel),
  };
  for (const [name, recs] of Object.entries(records)) if (name !== 'human') sets[name] = summarize(recs, seedVel, records.human);
  return { pieces: out, tooDense, sets, records };
}
