import { describe, expect, it } from 'vitest';
import { LoopPlayer, type PlayerEvent } from '../../src/loop/player.ts';
import { Variant } from '../../src/loop/variant.ts';

/** A variant with one quarter note per beat, pitch = base + bar. */
function variant(id: number, bars: number, base: number, ready = bars): Variant {
  const v = new Variant(id, bars);
  for (let b = 0; b < ready; b++) v.setBar(b, [0, 24, 48, 72].map((start) => ({ pitch: base + b, velocity: 90, start, duration: 24 })));
  return v;
}

function run(player: LoopPlayer, from: number, to: number): { tick: number; e: PlayerEvent }[] {
  const out: { tick: number; e: PlayerEvent }[] = [];
  for (let t = from; t < to; t++) for (const e of player.play(t)) out.push({ tick: t, e });
  return out;
}

describe('LoopPlayer', () => {
  it('starts on the first bar line at or after the seed end once bar 0 is ready, and repeats gaplessly', () => {
    const p = new LoopPlayer();
    const v = variant(1, 2, 60, 0);
    p.startAt(v, 192); // seed ended at bar 3
    expect(run(p, 0, 250)).toEqual([]); // bar 0 not ready: nothing, not even a partial bar
    v.setBar(0, [{ pitch: 60, velocity: 90, start: 0, duration: 24 }]);
    v.setBar(1, [{ pitch: 61, velocity: 90, start: 12, duration: 12 }]);
    const events = run(p, 250, 288 + 192 * 3);
    const ons = events.filter((x) => x.e.on).map((x) => x.tick);
    expect(ons).toEqual([288, 288 + 96 + 12, 480, 480 + 108, 672, 672 + 108]);
    // every on has its off, at exactly on + duration: no gap, no overlap between passes
    const offs = events.filter((x) => !x.e.on).map((x) => x.tick);
    expect(offs).toEqual([312, 408, 504, 600, 696, 792]);
  });

  it('with the seed as fill: starts on the bar line right after the seed, seed bars standing in for bars not generated yet', () => {
    const p = new LoopPlayer();
    const seed = variant(0, 2, 40); // bars of 40s and 41s
    const v = variant(1, 4, 60, 0);
    p.startAt(v, 192, seed);
    const first = run(p, 0, 200);
    expect(first.filter((x) => x.e.on).map((x) => [x.tick, x.e.pitch])).toEqual([[192, 40]]); // no silent bar
    v.setBar(1, [{ pitch: 61, velocity: 90, start: 0, duration: 24 }]); // bar 0 is still on its way
    const rest = run(p, 200, 192 + 384 + 96);
    const ons = rest.filter((x) => x.e.on).map((x) => [x.tick, x.e.pitch]);
    expect(ons.filter(([t]) => t < 576)).toEqual([
      [216, 40], [240, 40], [264, 40], // seed bar 0 goes on to its end
      [288, 61], // loop bar 1 was ready at its bar line
      [384, 40], [408, 40], [432, 40], [456, 40], // loop bar 2 not ready: seed bar 0 (2 mod 2)
      [480, 41], [504, 41], [528, 41], [552, 41], // loop bar 3: seed bar 1
    ]);
    expect(ons.filter(([t]) => t >= 576)).toEqual([[576, 40], [600, 40], [624, 40], [648, 40]]); // pass 2, bar 0 still missing
    const all = [...first, ...rest];
    expect(all.filter((x) => x.e.on).length).toBe(all.filter((x) => !x.e.on).length + p.silence().length);
  });

  it('plays a bar only when it was ready at its bar line', () => {
    const p = new LoopPlayer();
    const v = variant(1, 2, 60, 1);
    p.startAt(v, 0);
    run(p, 0, 100); // bar 1 starts at 96 and is not ready
    v.setBar(1, [{ pitch: 70, velocity: 90, start: 48, duration: 10 }]);
    const firstPass = run(p, 100, 192);
    expect(firstPass.filter((x) => x.e.on)).toEqual([]); // bar 1 became ready mid-bar: silent this pass
    const second = run(p, 192, 384).filter((x) => x.e.on).map((x) => [x.tick, x.e.pitch]);
    expect(second).toContainEqual([192 + 96 + 48, 70]);
  });

  it('swaps a new variant in exactly on the loop boundary, offs before ons', () => {
    const swaps: number[] = [];
    const p = new LoopPlayer({ onSwap: (_v, tick) => swaps.push(tick) });
    p.startAt(variant(1, 2, 60), 0);
    run(p, 0, 100);
    p.queue(variant(2, 1, 80)); // arrives mid-loop: waits for the boundary at 192
    const events = run(p, 100, 400);
    expect(swaps).toEqual([0, 192]);
    const atBoundary = events.filter((x) => x.tick === 192).map((x) => (x.e.on ? `on${x.e.pitch}` : `off${x.e.pitch}`));
    expect(atBoundary).toEqual(['off61', 'on80']);
    // the new one-bar variant now loops every 96 ticks
    expect(events.filter((x) => x.e.on && x.tick >= 192).map((x) => x.tick)).toEqual([192, 216, 240, 264, 288, 312, 336, 360, 384]); // a beat apart, 384 starts pass two
  });

  it('does not swap in an incomplete variant', () => {
    const p = new LoopPlayer();
    p.startAt(variant(1, 1, 60), 0);
    run(p, 0, 1);
    const partial = variant(2, 2, 80, 1);
    p.queue(partial);
    run(p, 1, 200);
    expect(p.current?.id).toBe(1);
    partial.setBar(1, []);
    run(p, 200, 300);
    expect(p.current?.id).toBe(2);
  });

  it('silences on a position jump and resumes on the loop grid at the next bar line', () => {
    const p = new LoopPlayer();
    p.startAt(variant(1, 2, 60), 0);
    run(p, 0, 30);
    const jump = p.play(500); // SPP / Continue elsewhere: 500 = pass at 384, bar 1 + 20 ticks
    expect(jump).toEqual([{ on: false, pitch: 60, velocity: 0 }]);
    const after = run(p, 501, 600).filter((x) => x.e.on);
    expect(after[0]).toEqual({ tick: 576, e: { on: true, pitch: 60, velocity: 90 } }); // next pass at 576
  });
});

describe('LoopPlayer in 6/8', () => {
  const BAR = 72; // 24 * 4 * 6 / 8

  /** Two bars of 6/8: dotted quarters (36 ticks) on each half bar, pitch = base + bar. */
  function sixEight(id: number, base: number, ready = 2): Variant {
    const v = new Variant(id, 2, BAR);
    for (let b = 0; b < ready; b++) v.setBar(b, [0, 36].map((start) => ({ pitch: base + b, velocity: 90, start, duration: 36 })));
    return v;
  }

  it('a variant is 72 ticks per bar, and a note starting past its bar is dropped', () => {
    const v = new Variant(1, 2, BAR);
    expect(v.length).toBe(144);
    v.setBar(1, [
      { pitch: 60, velocity: 90, start: 60, duration: 30 }, // rings past the loop end: clipped there
      { pitch: 61, velocity: 90, start: 72, duration: 12 }, // a 4/4 reading of the bar: not in this bar
    ]);
    expect(v.notes).toEqual([{ pitch: 60, velocity: 90, start: 132, duration: 12 }]);
  });

  it('starts on a 6/8 bar line and repeats gaplessly every two 72-tick bars', () => {
    const p = new LoopPlayer();
    const v = sixEight(1, 60, 0);
    p.startAt(v, 144); // the seed ended after two bars of 6/8
    expect(run(p, 0, 150)).toEqual([]);
    v.setBar(0, [0, 36].map((start) => ({ pitch: 60, velocity: 90, start, duration: 36 })));
    v.setBar(1, [0, 36].map((start) => ({ pitch: 61, velocity: 90, start, duration: 36 })));
    const events = run(p, 150, 216 + 144 * 3);
    const ons = events.filter((x) => x.e.on).map((x) => x.tick);
    // 216 is the next 6/8 bar line (not a 4/4 one); passes begin every 144 ticks
    expect(p.origin).toBe(216 + 144 * 2);
    expect(ons).toEqual([0, 1, 2].flatMap((k) => [0, 36, 72, 108].map((t) => 216 + 144 * k + t)));
    // every off lands exactly on the next on: no gap, no overlap, across the loop line too
    expect(events.filter((x) => !x.e.on).map((x) => x.tick)).toEqual(ons.slice(1));
    expect(p.passes).toBe(2);
  });

  it('swaps a new 6/8 variant in on the loop line', () => {
    const swaps: number[] = [];
    const p = new LoopPlayer({ onSwap: (_v, tick) => swaps.push(tick) });
    p.startAt(sixEight(1, 60), 0);
    run(p, 0, 50);
    p.queue(sixEight(2, 80));
    const events = run(p, 50, 300);
    expect(swaps).toEqual([0, 144]);
    expect(events.filter((x) => x.tick === 144).map((x) => (x.e.on ? `on${x.e.pitch}` : `off${x.e.pitch}`))).toEqual(['off61', 'on80']);
  });
});
