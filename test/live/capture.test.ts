import { describe, expect, it } from 'vitest';
import { SeedCapture } from '../../src/live/capture.ts';

const opts = { seedBars: 2, gridPerBeat: 12 };

describe('SeedCapture', () => {
  it('starts the seed on the first note\'s bar and quantizes to the 12-per-beat grid relative to it', () => {
    const c = new SeedCapture(opts);
    // first note a hair before bar 3 (tick 192): quantizes onto the bar line, so the seed starts at bar 3
    c.noteOn(60, 100, 191.4);
    c.noteOff(60, 203.2); // ~half a beat
    c.noteOn(64, 90, 192 + 24 * 1.3333); // a triplet position: beat 1 + 1/3
    c.noteOff(64, 192 + 24 * 1.9);
    for (let t = 193; t <= 192 + 96 * 2; t++) if (c.tick(t)) break;
    expect(c.state).toBe('done');
    const seed = c.result!;
    expect(seed.startTick).toBe(192);
    expect(seed.endTick).toBe(384);
    expect(seed.bars).toBe(2);
    expect(seed.score.ticksPerQuarter).toBe(12);
    expect(seed.score.tracks[0].notes).toEqual([
      { pitch: 60, velocity: 100, start: 0, duration: 6 },
      { pitch: 64, velocity: 90, start: 16, duration: 7 },
    ]);
  });

  it('starts on the bar the first note falls in, even late in the bar', () => {
    const c = new SeedCapture(opts);
    c.noteOn(60, 100, 96 + 90);
    expect(c.startTick).toBe(96);
  });

  it('clips notes held past the end and drops notes that start at the end', () => {
    const c = new SeedCapture({ seedBars: 1, gridPerBeat: 12 });
    c.noteOn(48, 80, 0);
    c.noteOn(50, 80, 48);
    expect(c.tick(96)).not.toBeNull();
    c.noteOn(52, 80, 96);
    const notes = c.result!.score.tracks[0].notes;
    expect(notes).toEqual([
      { pitch: 48, velocity: 80, start: 0, duration: 48 },
      { pitch: 50, velocity: 80, start: 24, duration: 24 },
    ]);
  });

  it('ends at the next bar line after a sustain-pedal press', () => {
    const c = new SeedCapture({ seedBars: 8, gridPerBeat: 12 });
    c.noteOn(60, 100, 0);
    c.noteOff(60, 30);
    c.cc(64, 127);
    expect(c.tick(96)?.bars).toBe(1);
  });

  it('ends before a silent bar', () => {
    const c = new SeedCapture({ seedBars: 8, gridPerBeat: 12 });
    c.noteOn(60, 100, 0);
    c.noteOff(60, 90);
    c.noteOn(62, 100, 100);
    c.noteOff(62, 120); // bar 2 has sound; bar 3 (192..288) is silent
    for (let t = 1; t < 288; t++) expect(c.tick(t)).toBeNull();
    const seed = c.tick(288)!;
    expect(seed.endTick).toBe(192);
    expect(seed.bars).toBe(2);
  });

  it('a held note keeps the bar from counting as silent', () => {
    const c = new SeedCapture({ seedBars: 8, gridPerBeat: 12 });
    c.noteOn(60, 100, 0);
    for (let t = 1; t <= 96 * 3; t++) expect(c.tick(t)).toBeNull();
    c.noteOff(60, 300);
    expect(c.tick(96 * 5)?.endTick).toBe(96 * 4);
  });
});

describe('SeedCapture in other meters', () => {
  const threeFour = { beatsPerBar: 3, beatUnit: 4 };
  const sixEight = { beatsPerBar: 6, beatUnit: 8 };

  it('3/4: aligns the seed to a 72-tick bar, counts bars of 72 ticks and writes a 3/4 time signature', () => {
    const c = new SeedCapture({ seedBars: 2, gridPerBeat: 12, meter: threeFour });
    c.noteOn(60, 100, 72 * 2 + 60); // beat 3 of bar 3 (a 4/4 reading would put it in bar 2)
    expect(c.startTick).toBe(144);
    c.noteOff(60, 144 + 72);
    c.noteOn(62, 90, 144 + 72 + 24); // bar 2 of the seed, beat 2
    c.noteOff(62, 144 + 72 + 48);
    expect(c.progress(144 + 80)).toEqual({ bar: 2, of: 2 });
    for (let t = 145; t < 288; t++) expect(c.tick(t)).toBeNull();
    const seed = c.tick(288)!;
    expect(seed).toMatchObject({ startTick: 144, endTick: 288, bars: 2 });
    expect(seed.score.timeSignatures).toEqual([{ tick: 0, numerator: 3, denominator: 4 }]);
    expect(seed.score.tracks[0].notes).toEqual([
      { pitch: 60, velocity: 100, start: 30, duration: 6 },
      { pitch: 62, velocity: 90, start: 48, duration: 12 },
    ]);
  });

  it('6/8: ends before a silent 72-tick bar and writes a 6/8 time signature', () => {
    const c = new SeedCapture({ seedBars: 8, gridPerBeat: 12, meter: sixEight });
    c.noteOn(60, 100, 0);
    c.noteOff(60, 60);
    c.noteOn(62, 100, 80);
    c.noteOff(62, 100); // bar 2 (72..144) has sound; bar 3 (144..216) is silent
    for (let t = 1; t < 216; t++) expect(c.tick(t)).toBeNull();
    const seed = c.tick(216)!;
    expect(seed).toMatchObject({ startTick: 0, endTick: 144, bars: 2 });
    expect(seed.score.timeSignatures).toEqual([{ tick: 0, numerator: 6, denominator: 8 }]);
  });

  it('a pedal press ends the seed on the next bar line of the meter', () => {
    const c = new SeedCapture({ seedBars: 8, gridPerBeat: 12, meter: { beatsPerBar: 5, beatUnit: 4 } });
    c.noteOn(60, 100, 10);
    c.cc(64, 127);
    expect(c.tick(96)).toBeNull(); // a 4/4 bar line, not a 5/4 one
    expect(c.tick(120)?.bars).toBe(1);
  });
});
