// Seed in, loop out: the seed's last bars are kept, and a note ringing past the loop end is shortened.
import { describe, expect, it } from 'vitest';
import { loopToScore, seedFromScore } from '../../src/model/midiLoop.ts';
import { splitBars } from '../../src/model/loopCodec.ts';
import { loadTokenizer } from '../../src/tokenizer/index.ts';

const tok = await loadTokenizer(new URL('../fixtures/tiny-model/tokenizer.json', import.meta.url).pathname);
const id = (t: string) => tok.tokenId(t)!;

describe('midiLoop', () => {
  const tpq = 480;
  const seedScore = {
    ticksPerQuarter: tpq,
    tempos: [{ tick: 0, bpm: 90 }],
    timeSignatures: [{ tick: 0, numerator: 3, denominator: 4 }],
    tracks: [{ program: 0, isDrum: false, notes: [0, 1, 2, 3].map((bar) => ({ pitch: 60 + bar, velocity: 100, start: bar * 3 * tpq, duration: tpq })) }],
  };

  it('keeps the last bars of the seed, with its tempo and meter', () => {
    const seed = seedFromScore(seedScore, tok, 2, 'seed.mid');
    expect(seed.bars).toHaveLength(2);
    expect(seed.ids[0]).toBe(tok.specialId('BOS'));
    expect(seed.ids).toContain(id('Pitch_63'));
    expect(seed.ids).not.toContain(id('Pitch_61'));
    expect(seed).toMatchObject({ bpm: 90, meter: [3, 4] });
  });

  it('writes exactly N bars; a note held past the loop end is cut at the end', () => {
    const seed = seedFromScore(seedScore, tok, 1, 'seed.mid');
    const bar = (pos: number, pitch: number, dur: string) => [
      id('Bar_None'), id('TimeSig_3/4'), id(`Position_${pos}`), id(`Pitch_${pitch}`), id('Velocity_95'), id(dur),
    ];
    const loop = [...bar(0, 60, 'Duration_1.0.6'), ...bar(24, 67, 'Duration_8.0.1')]; // 8 beats from beat 2 of bar 2
    expect(splitBars(loop, id('Bar_None'))).toHaveLength(2);
    const { score, loopStart, loopEnd } = loopToScore(tok, seed, loop, false);
    const t = score.ticksPerQuarter;
    expect([loopStart, loopEnd]).toEqual([0, 6 * t]);
    expect(score.tracks.map((tr) => tr.name)).toEqual(['loop']);
    const [a, b] = score.tracks[0].notes;
    expect(a).toMatchObject({ pitch: 60, start: 0, duration: t });
    expect(b).toMatchObject({ pitch: 67, start: 5 * t, duration: t }); // shortened from 8 beats to 1
    const withSeed = loopToScore(tok, seed, loop, true);
    expect(withSeed.score.tracks.map((tr) => tr.name)).toEqual(['seed', 'loop']);
    expect([withSeed.loopStart, withSeed.loopEnd]).toEqual([3 * t, 9 * t]);
    expect(withSeed.score.tracks[1].notes[0].start).toBe(3 * t);
  });
});
