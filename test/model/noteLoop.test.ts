// The generation side of a live loop, with the shipped tokenizer and a scripted id generator: the
// seed is encoded here (BOS, padded to its bars), each finished bar comes back as notes in clock
// ticks, a kept candidate that differs from what streamed is rebuilt, and 'mutate' continues the ids.
import { describe, expect, it } from 'vitest';
import { SeedCapture } from '../../src/live/capture.ts';
import { runNoteLoop } from '../../src/model/noteLoop.ts';
import type { GenerateEvent, GenerateRequest, GenerateResult, LoopEvent } from '../../src/model/types.ts';
import { DEFAULT_SAMPLER } from '../../src/sampling/types.ts';
import { loadTokenizer } from '../../src/tokenizer/index.ts';

const tok = await loadTokenizer('models/seedloop-small/tokenizer.json');
const id = (t: string) => tok.tokenId(t)!;
const bar = (pitch: number, pos: number) => [id('Bar_None'), id('TimeSig_4/4'), id(`Position_${pos}`), id(`Pitch_${pitch}`), id('Velocity_79'), id('Duration_1.0.6')];

/** One note in the first of two 4/4 bars, captured from the clock like the live bridge does. */
function seed() {
  const c = new SeedCapture({ seedBars: 2, gridPerBeat: tok.ticksPerBeatGrid });
  c.noteOn(64, 100, 24);
  c.noteOff(64, 48);
  for (let t = 1; t <= 192; t++) c.tick(t);
  return c.result!;
}

/** Streams `streamed` as bar events, then returns `kept` as the result (a best-of-K pick when they differ). */
function scripted(streamed: number[][], kept: number[][] = streamed) {
  const requests: GenerateRequest[] = [];
  const generate = async (req: GenerateRequest, onEvent: (e: GenerateEvent) => void): Promise<GenerateResult> => {
    requests.push(req);
    streamed.forEach((ids, index) => onEvent({ type: 'bar', index, ids }));
    const ids = kept.flat();
    return { ids, bars: kept.length, tokens: ids.length, ms: 1, loopScore: -1.5, candidates: [], provider: 'test' };
  };
  return { generate, requests };
}

describe('runNoteLoop', () => {
  it('encodes the seed as BOS + its bars (an empty bar padded), streams notes per bar, hands back the ids', async () => {
    const s = seed();
    const { generate, requests } = scripted([bar(60, 0), bar(67, 12)]);
    const events: LoopEvent[] = [];
    const result = await runNoteLoop(generate, tok, { from: { seed: s.score, bars: s.bars }, bars: 2, sampler: DEFAULT_SAMPLER, rngSeed: 7, candidates: 1 }, (e) => events.push(e));
    const seedTokens = tok.idsToTokens(requests[0].seedIds);
    expect(seedTokens[0]).toBe('BOS_None');
    expect(seedTokens.filter((t) => t === 'Bar_None')).toHaveLength(2); // the silent second bar is there too
    expect(seedTokens).toContain('Pitch_64');
    expect(requests[0]).toMatchObject({ bars: 2, rngSeed: 7, candidates: 1 });
    expect(events).toEqual([
      { type: 'bar', index: 0, notes: [{ pitch: 60, velocity: 79, start: 0, duration: 24 }] },
      { type: 'bar', index: 1, notes: [{ pitch: 67, velocity: 79, start: 24, duration: 24 }] }, // position 12 of 12 per beat: beat 2
    ]);
    expect(result).toEqual({ rebuilt: null, context: { ids: [...bar(60, 0), ...bar(67, 12)] }, loopScore: -1.5, tokens: 12 });

    // mutate: continue from that loop's ids, after BOS
    const again = scripted([bar(62, 0), bar(62, 0)]);
    await runNoteLoop(again.generate, tok, { from: { loop: result.context }, bars: 2, sampler: DEFAULT_SAMPLER, rngSeed: 8, candidates: 1 }, () => {});
    expect(again.requests[0].seedIds).toEqual([id('BOS_None'), ...result.context.ids]);
  });

  it('rebuilds every bar when the kept candidate is not the one that streamed first', async () => {
    const s = seed();
    const { generate } = scripted([bar(60, 0), bar(61, 0)], [bar(70, 0), bar(71, 24)]);
    const result = await runNoteLoop(generate, tok, { from: { seed: s.score, bars: 2 }, bars: 2, sampler: DEFAULT_SAMPLER, rngSeed: 1, candidates: 2 }, () => {});
    expect(result.rebuilt).toEqual([
      [{ pitch: 70, velocity: 79, start: 0, duration: 24 }],
      [{ pitch: 71, velocity: 79, start: 48, duration: 24 }],
    ]);
  });
});
