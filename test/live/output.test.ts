// LoopOutput on its own, in virtual time, with notes shorter than a latency change: the case where an
// off could overtake its on.
import { describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/clock/scheduler.ts';
import { LoopPlayer } from '../../src/loop/player.ts';
import { NoteOutput } from '../../src/loop/notes.ts';
import { Variant } from '../../src/loop/variant.ts';
import { LoopOutput } from '../../src/live/output.ts';
import type { MidiMessage } from '../../src/midi/codec.ts';

const MS_PER_TICK = 20;

function setup(latencyMs: number) {
  const scheduler = new ManualScheduler(0);
  const sent: { time: number; m: MidiMessage }[] = [];
  const notes = new NoteOutput({ name: 'test', send: (m) => sent.push({ time: scheduler.now(), m }), close: () => {} });
  const player = new LoopPlayer();
  const out = new LoopOutput(scheduler, player, notes, 0, latencyMs);
  const v = new Variant(1, 1);
  // one-tick notes on every other tick, alternating two pitches
  v.setBar(0, Array.from({ length: 48 }, (_, i) => ({ pitch: 60 + (i % 2), velocity: 100, start: i * 2, duration: 1 })));
  player.startAt(v, 0);
  let tick = 0;
  const run = (ticks: number) => {
    for (const end = tick + ticks; tick < end; tick++) {
      scheduler.advanceTo(tick * MS_PER_TICK);
      out.onTick(tick, tick * MS_PER_TICK, MS_PER_TICK);
    }
  };
  return { scheduler, sent, notes, out, run };
}

/** How long each note sounded, ms. An off that overtook its on is dropped (the note was silent), so
 * the note then rings until the next on of its pitch: a length over one tick is a stuck note. */
function lengths(sent: { time: number; m: MidiMessage }[]): number[] {
  const open = new Map<number, number>();
  const out: number[] = [];
  for (const { time, m } of sent) {
    if (m.type === 'noteOn') open.set(m.note, time);
    else if (m.type === 'noteOff' && open.has(m.note)) {
      out.push(time - open.get(m.note)!);
      open.delete(m.note);
    }
  }
  return out;
}

describe('LoopOutput', () => {
  for (const [from, to] of [[100, -100], [60, 0], [-100, 100], [0, -60]]) {
    it(`latency ${from} -> ${to} ms with one-tick notes: sends stay in order, nothing hangs`, () => {
      const s = setup(from);
      s.run(100);
      s.out.latencyMs = to;
      s.run(200);
      s.scheduler.advance(1000);
      // The player's order, untouched: on 60, off 60, on 61, off 61, ... (an off sent before its on
      // is dropped as noise, and that note would hang).
      const order = s.sent.filter((e) => e.m.type === 'noteOn' || e.m.type === 'noteOff').map((e) => (e.m.type === 'noteOn' ? '+' : '-') + (e.m as { note: number }).note);
      expect(order.length).toBeGreaterThan(250);
      order.forEach((x, i) => expect(x).toBe(`${i % 2 ? '-' : '+'}${60 + (Math.floor(i / 2) % 2)}`));
      // A note across the change is longer by at most the added offset; none rings on.
      expect(Math.max(...lengths(s.sent))).toBeLessThanOrEqual(MS_PER_TICK + Math.max(0, to - from));
      s.out.halt();
      expect(s.notes.hanging).toBe(0);
      // well after the change, each on is at its grid time plus the new offset
      const late = s.sent.filter((e) => e.m.type === 'noteOn' && e.time > 200 * MS_PER_TICK);
      expect(late.length).toBeGreaterThan(20);
      for (const e of late) expect(((e.time - to) / MS_PER_TICK) % 2).toBeCloseTo(0, 6);
    });
  }

  it('muted: no note-on leaves, the player keeps going, and un-muting resumes on the grid', () => {
    const s = setup(0);
    s.run(11);
    s.out.setMuted(true);
    expect(s.notes.hanging).toBe(0);
    const at = s.sent.length;
    s.run(40);
    expect(s.sent.slice(at).filter((e) => e.m.type === 'noteOn')).toEqual([]);
    s.out.setMuted(false);
    s.run(10);
    const ons = s.sent.slice(at).filter((e) => e.m.type === 'noteOn');
    expect(ons.map((e) => e.time / MS_PER_TICK)).toEqual([52, 54, 56, 58, 60]);
    expect(Math.max(...lengths(s.sent))).toBeLessThanOrEqual(MS_PER_TICK);
  });
});
