import { describe, expect, it } from 'vitest';
import { LiveGroove } from '../../src/feel/liveGroove.ts';
import { straightTemplate } from '../../src/feel/template.ts';
import { Variant } from '../../src/loop/variant.ts';

const SETTINGS = { grooveAmount: 100, swing: 50, swingGrid: 8, humanizeTiming: 0, humanizeVelocity: 0 };
/** Played 2:1 swung 8ths from song tick 96 (a bar line): offbeats 16 ticks after each beat. */
const played = Array.from({ length: 8 }, (_, b) => [
  { tick: 96 + b * 24, velocity: 100 },
  { tick: 96 + b * 24 + 15.2, velocity: 50 }, // a 1.73:1 swing, quantized to 2/3 (16 ticks)
]).flat();

function straightEighths(): Variant {
  const v = new Variant(3, 1);
  v.setBar(0, Array.from({ length: 8 }, (_, i) => ({ pitch: 60 + (i % 2), velocity: 80, start: i * 12, duration: 6 })));
  return v;
}

describe('LiveGroove', () => {
  it("source seed: the captured seed's groove, from ticks relative to the seed's first bar line", () => {
    const g = new LiveGroove({ source: 'seed', template: null }, 1);
    expect(g.line(120)).toBeNull();
    g.onSeed(played, 96, 12);
    expect(g.template!.swing8.ratio).toBeCloseTo(15.2 / 8.8, 9);
    const v = straightEighths();
    g.apply([v, null], SETTINGS);
    expect(v.events().filter((e) => e.pitch === 61).map((e) => e.tick % 24)).toEqual([15.2, 15.2, 15.2, 15.2].map((x) => expect.closeTo(x, 9)));
    expect(g.line(120)).toMatch(/^groove swing 1\.73 16ths - · ms 1\+0 e\+0 t\+0 &\+\d+ l-\d+ a-\d+$/);
    g.reset();
    expect(g.template).toBeNull();
  });

  it('amount 0 leaves the variant on the grid, exactly', () => {
    const g = new LiveGroove({ source: 'seed', template: null }, 1);
    g.onSeed(played, 96, 12);
    const v = straightEighths();
    g.apply([v], { ...SETTINGS, grooveAmount: 0 });
    expect(v.events().map((e) => e.tick)).toEqual([0, 12, 24, 36, 48, 60, 72, 84]);
  });

  it('a saved template stays through seeds; off plays none', () => {
    const saved = { ...straightTemplate(), name: 'flat' };
    const g = new LiveGroove({ source: 'flat', template: saved }, 1);
    g.onSeed(played, 96, 12);
    expect(g.template).toBe(saved);
    expect(new LiveGroove({ source: 'off', template: null }, 1).line(120)).toBe('groove off');
  });

  it('unchanged feel is not recomputed at a pass end; a changed setting is', () => {
    const g = new LiveGroove({ source: 'seed', template: null }, 1);
    g.onSeed(played, 96, 12);
    const v = straightEighths();
    g.apply([v], SETTINGS);
    const first = v.events();
    g.apply([v], SETTINGS);
    expect(v.events()).toBe(first);
    g.apply([v], { ...SETTINGS, grooveAmount: 50 });
    expect(v.events()).not.toBe(first);
    expect(v.events()[1].tick).toBeCloseTo(12 + (15.2 - 12) / 2, 9);
  });
});
