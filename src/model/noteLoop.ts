// A live loop request run against an id-level generator: encode the seed, stream each finished bar
// as notes, and say whether the kept candidate differs from what streamed. The worker runs this next
// to the model; tests run it in-thread around a scripted generator.
import type { GenerateEvent, GenerateRequest, GenerateResult, LoopEvent, LoopRequest, LoopResult } from './types.ts';
import { barIds } from './barIds.ts';
import { barToNotes, seedToIds, withBos, type LoopTokenizer } from './loopCodec.ts';

export type GenerateIds = (req: GenerateRequest, onEvent: (e: GenerateEvent) => void) => Promise<GenerateResult>;

export async function runNoteLoop(generate: GenerateIds, tok: LoopTokenizer, req: LoopRequest, onEvent: (e: LoopEvent) => void): Promise<LoopResult> {
  const seedIds = 'seed' in req.from ? seedToIds(tok, req.from.seed, req.from.bars) : withBos(tok, req.from.loop.ids);
  const streamed: number[][] = []; // the first finished version of each bar (any candidate): what plays
  const result = await generate({ seedIds, bars: req.bars, sampler: req.sampler, rngSeed: req.rngSeed, candidates: req.candidates }, (e) => {
    if (e.type === 'token') onEvent({ type: 'token', count: e.count });
    else if (e.type === 'bar' && !streamed[e.index]) {
      streamed[e.index] = e.ids;
      onEvent({ type: 'bar', index: e.index, notes: barToNotes(tok, e.ids) });
    }
  });
  const same = result.ids.join() === streamed.flat().join();
  const rebuilt = same || !result.ids.length ? null : barIds(tok).split(result.ids).map((ids) => barToNotes(tok, ids));
  return { rebuilt, context: { ids: result.ids }, loopScore: result.loopScore, tokens: result.tokens };
}
