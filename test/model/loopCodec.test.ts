// The seed's meter reaches the model as TimeSig tokens, and generated bars come back as clock ticks
// in that meter: checked with the shipped tokenizer.
import { describe, expect, it } from 'vitest';
import { SeedCapture } from '../../src/live/capture.ts';
import { barToNotes, seedToIds, splitBars } from '../../src/model/loopCodec.ts';
import { loadTokenizer } from '../../src/tokenizer/index.ts';
import type { Meter } from '../../src/clock/meter.ts';

const tok = await loadTokenizer('models/seedloop-small/tokenizer.json');
const names = (ids: number[]) => tok.idsToTokens(ids);

/** A two-bar seed captured in `meter`: one note at clock tick `at` of each bar (ticks from the bar line). */
function capture(meter: Meter, barTicks: number, at: number) {
  const c = new SeedCapture({ seedBars: 2, gridPerBeat: tok.ticksPerBeatGrid, meter, pickupBeats: 0 }); // a note on a bar's last beat is no pickup here
  for (const bar of [0, 1]) {
    c.noteOn(60 + bar, 100, bar * barTicks + at);
    c.noteOff(60 + bar, bar * barTicks + at + 6);
  }
  for (let t = 1; t <= 2 * barTicks; t++) c.tick(t);
  return c.result!;
}

describe('live tokens in other meters', () => {
  it('a 3/4 seed is tokenized with a TimeSig_3/4 on every bar', () => {
    const seed = capture({ beatsPerBar: 3, beatUnit: 4 }, 72, 48);
    const ids = seedToIds(tok, seed.score, seed.bars);
    const tokens = names(ids);
    expect(tokens.filter((t) => t === 'Bar_None')).toHaveLength(2);
    expect(tokens.filter((t) => t.startsWith('TimeSig_'))).toEqual(['TimeSig_3/4', 'TimeSig_3/4']);
  });

  it('a 6/8 bar decodes to clock ticks inside its 72-tick bar', () => {
    const seed = capture({ beatsPerBar: 6, beatUnit: 8 }, 72, 60); // the sixth eighth
    const ids = seedToIds(tok, seed.score, seed.bars);
    expect(names(ids)).toContain('TimeSig_6/8');
    const bars = splitBars(ids.slice(1), tok.tokenId('Bar_None')!); // without BOS
    expect(bars).toHaveLength(2);
    for (const [i, bar] of bars.entries()) {
      expect(barToNotes(tok, bar)).toEqual([{ pitch: 60 + i, velocity: expect.any(Number), start: 60, duration: 6 }]);
    }
  });
});
