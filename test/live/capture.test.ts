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

  it('starts on the bar the first note falls in, even in its second half', () => {
    const c = new SeedCapture(opts);
    c.noteOn(60, 100, 96 + 60);
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

  it('with end: pedal, ends at the next bar line after a sustain-pedal press', () => {
    const c = new SeedCapture({ seedBars: 8, gridPerBeat: 12, end: 'pedal' });
    c.noteOn(60, 100, 0);
    c.noteOff(60, 30);
    c.cc(64, 127, 40);
    expect(c.tick(96)?.bars).toBe(1);
  });

  it('with end: silence, ends before a silent bar', () => {
    const c = new SeedCapture({ seedBars: 8, gridPerBeat: 12, end: 'silence' });
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
    const c = new SeedCapture({ seedBars: 8, gridPerBeat: 12, end: 'silence' });
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
    c.noteOn(60, 100, 72 * 2 + 30); // beat 2 of bar 3 (a 4/4 reading would put it in bar 2); beat 3 would be a pickup
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
      { pitch: 60, velocity: 100, start: 15, duration: 21 },
      { pitch: 62, velocity: 90, start: 48, duration: 12 },
    ]);
  });

  it('6/8: ends before a silent 72-tick bar and writes a 6/8 time signature', () => {
    const c = new SeedCapture({ seedBars: 8, gridPerBeat: 12, meter: sixEight, end: 'silence' });
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
    const c = new SeedCapture({ seedBars: 8, gridPerBeat: 12, meter: { beatsPerBar: 5, beatUnit: 4 }, end: 'pedal' });
    c.noteOn(60, 100, 10);
    c.cc(64, 127, 12);
    expect(c.tick(96)).toBeNull(); // a 4/4 bar line, not a 5/4 one
    expect(c.tick(120)?.bars).toBe(1);
  });
});

describe('SeedCapture as a performer plays', () => {
  const run = (c: SeedCapture, from: number, to: number) => {
    for (let t = from; t <= to; t++) {
      const s = c.tick(t);
      if (s) return s;
    }
    return null;
  };

  it('by default the seed is exactly seedBars from its first bar line: a rest bar does not cut it', () => {
    const c = new SeedCapture({ seedBars: 3, gridPerBeat: 12 });
    c.noteOn(60, 100, 0);
    c.noteOff(60, 40); // bar 2 is a rest, bar 3 answers
    c.noteOn(67, 100, 192);
    c.noteOff(67, 230);
    const seed = run(c, 1, 400)!;
    expect(seed).toMatchObject({ startTick: 0, endTick: 288, bars: 3 });
    expect(seed.score.tracks[0].notes.map((n) => n.pitch)).toEqual([60, 67]);
  });

  it('a pedal held across the seed: released notes ring to the pedal release, or to the seed end', () => {
    const c = new SeedCapture({ seedBars: 2, gridPerBeat: 12 });
    c.cc(64, 127, 0); // pedal down before the first note
    c.noteOn(48, 90, 0);
    c.noteOff(48, 12); // released under the pedal: rings on
    c.noteOn(52, 90, 24);
    c.noteOff(52, 30);
    c.noteOn(48, 90, 48); // struck again: the ringing 48 ends here
    c.noteOff(48, 50);
    c.cc(64, 0, 72); // up on beat 4: 52 and the second 48 end there
    c.noteOn(55, 90, 100);
    c.noteOff(55, 110);
    c.cc(64, 100, 120); // down again and held past the seed's end
    c.noteOn(60, 90, 150);
    c.noteOff(60, 160);
    const seed = run(c, 1, 192)!;
    expect(seed.endTick).toBe(192); // the pedal did not end the seed
    expect(seed.score.tracks[0].notes).toEqual([
      { pitch: 48, velocity: 90, start: 0, duration: 24 },
      { pitch: 52, velocity: 90, start: 12, duration: 24 },
      { pitch: 48, velocity: 90, start: 24, duration: 12 },
      { pitch: 55, velocity: 90, start: 50, duration: 5 },
      { pitch: 60, velocity: 90, start: 75, duration: 21 }, // clipped at the seed end
    ]);
  });

  it('a pickup just before a bar line keeps the phrase\'s first full bar', () => {
    const c = new SeedCapture({ seedBars: 2, gridPerBeat: 12 });
    c.noteOn(59, 80, 96 - 12); // an eighth-note upbeat into bar 2
    c.noteOff(59, 95);
    expect(c.startTick).toBe(96);
    c.noteOn(60, 100, 96);
    c.noteOff(60, 120);
    c.noteOn(64, 100, 96 * 2 + 90); // the last beat of the phrase's 2nd bar is kept
    c.noteOff(64, 96 * 3);
    const seed = run(c, 1, 400)!;
    expect(seed).toMatchObject({ startTick: 96, endTick: 288 });
    expect(seed.score.tracks[0].notes.map((n) => [n.pitch, n.start])).toEqual([[60, 0], [64, 93]]);
  });

  it('count-in: the seed starts on the next bar line after arming; notes before it are not kept', () => {
    const c = new SeedCapture({ seedBars: 1, gridPerBeat: 12, countIn: true });
    c.tick(130); // armed during bar 2
    expect(c.state).toBe('countIn');
    expect(c.countInBeats(144)).toBe(2);
    c.noteOn(50, 90, 150); // noodling in the count-in
    c.noteOff(50, 160);
    c.noteOn(60, 100, 191.6); // the downbeat, a hair early
    c.noteOff(60, 200);
    const seed = run(c, 131, 300)!;
    expect(seed).toMatchObject({ startTick: 192, endTick: 288 });
    expect(seed.score.tracks[0].notes).toEqual([{ pitch: 60, velocity: 100, start: 0, duration: 4 }]);
  });

  it('keeps each note\'s unquantized tick and velocity next to its grid position', () => {
    const c = new SeedCapture({ seedBars: 1, gridPerBeat: 12 });
    c.noteOn(62, 70, 25.3);
    c.noteOn(60, 110, 0.4);
    const seed = run(c, 1, 96)!;
    expect(seed.timing).toEqual([
      { pitch: 60, velocity: 110, tick: 0.4, gridTick: 0 },
      { pitch: 62, velocity: 70, tick: 25.3, gridTick: 13 },
    ]);
  });
});
