import { describe, expect, it } from 'vitest';
import { VariantHistory } from '../../src/loop/history.ts';
import { LoopPlayer } from '../../src/loop/player.ts';
import { Variant } from '../../src/loop/variant.ts';

/** A one-bar variant whose notes all have pitch `pitch`, one per beat. */
function variant(id: number, pitch = 60 + id): Variant {
  const v = new Variant(id, 1);
  v.setBar(0, [0, 24, 48, 72].map((start) => ({ pitch, velocity: 90, start, duration: 12 })));
  return v;
}

/** A player wired to a history as the engine wires them: what swaps in is kept and followed. */
function session() {
  const history = new VariantHistory<{ temperature: number }>(16);
  const swaps: { id: number; tick: number }[] = [];
  const player = new LoopPlayer({
    onSwap: (v, tick) => {
      history.add(v, { temperature: v.id / 10 });
      history.playing(v);
      swaps.push({ id: v.id, tick });
    },
  });
  const ons: { tick: number; pitch: number }[] = [];
  let tick = 0;
  const runTo = (end: number) => {
    for (; tick < end; tick++) for (const e of player.play(tick)) if (e.on) ons.push({ tick, pitch: e.pitch });
  };
  return { history, player, swaps, ons, runTo };
}

describe('variant history', () => {
  it('steps back and forward, each swap exactly on a loop line', () => {
    const s = session();
    const [a, b, c] = [variant(1), variant(2), variant(3)];
    s.player.startAt(a, 0);
    s.runTo(50);
    s.player.queue(b);
    s.runTo(150);
    s.player.queue(c);
    s.runTo(230); // c plays from 192
    expect(s.history.entries.map((e) => e.variant.id)).toEqual([1, 2, 3]);
    expect(s.history.entries[1].info).toEqual({ temperature: 0.2 });
    // back, mid-loop: b again from the next loop line (288), c until then
    s.player.queue(s.history.step(-1)!);
    s.runTo(300);
    expect(s.swaps.slice(-1)).toEqual([{ id: 2, tick: 288 }]);
    expect(s.ons.filter((n) => n.tick >= 192 && n.tick < 288).every((n) => n.pitch === 63)).toBe(true);
    expect(s.ons.filter((n) => n.tick >= 288 && n.tick < 300).map((n) => n.pitch)).toEqual([62]);
    // back twice before the line: the second step replaces the first in the queue
    s.player.queue(s.history.step(-1)!);
    expect(s.history.step(-1)).toBeNull(); // a is the oldest
    s.runTo(390);
    expect(s.swaps.slice(-1)).toEqual([{ id: 1, tick: 384 }]);
    // forward: back to c, again at a loop line, and the history does not grow
    s.history.step(1);
    s.player.queue(s.history.step(1)!);
    s.runTo(500);
    expect(s.swaps.slice(-1)).toEqual([{ id: 3, tick: 480 }]);
    expect(s.history.step(1)).toBeNull();
    expect(s.history.entries).toHaveLength(3);
  });

  it('keeps the last N, and the favourite however old', () => {
    const h = new VariantHistory<null>(4);
    const vs = Array.from({ length: 10 }, (_, i) => variant(i + 1));
    h.add(vs[0], null);
    h.playing(vs[0]);
    expect(h.favourite(vs[0])?.variant.id).toBe(1);
    for (const v of vs.slice(1)) {
      h.add(v, null);
      h.playing(v);
    }
    expect(h.entries.map((e) => e.variant.id)).toEqual([1, 8, 9, 10]);
    expect(h.favouriteEntry()?.variant.id).toBe(1);
    expect(h.favourite(vs[8])?.variant.id).toBe(9); // one favourite: the new one replaces it
    expect(h.entries.filter((e) => e.favourite).map((e) => e.variant.id)).toEqual([9]);
    expect(h.favourite(vs[8])).toBeNull(); // again: cleared
    h.add(variant(11), null);
    expect(h.entries.map((e) => e.variant.id)).toEqual([8, 9, 10, 11]);
    expect(() => new VariantHistory(0)).toThrow('history size 0');
  });

  it('keeps the stepped-to entry when an old one drops out', () => {
    const h = new VariantHistory<null>(3);
    const vs = [1, 2, 3, 4].map((i) => variant(i));
    for (const v of vs.slice(0, 3)) {
      h.add(v, null);
      h.playing(v);
    }
    expect(h.step(-1)?.id).toBe(2);
    h.add(vs[3], null); // 1 drops out; the cursor stays on 2
    expect(h.step(-1)).toBeNull();
    expect(h.step(1)?.id).toBe(3);
  });
});
