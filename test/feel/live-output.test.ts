// The live output path with feel, in virtual time: a loop of straight 8ths through LoopPlayer and
// LoopOutput, the clock ticking at 120 bpm, note times recorded as they leave.
import { describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/clock/scheduler.ts';
import { NO_FEEL, type FeelParams } from '../../src/feel/apply.ts';
import { extractGroove } from '../../src/feel/extract.ts';
import { liveFeel } from '../../src/feel/live.ts';
import type { GrooveTemplate } from '../../src/feel/template.ts';
import { NoteOutput } from '../../src/loop/notes.ts';
import { LoopPlayer } from '../../src/loop/player.ts';
import { Variant } from '../../src/loop/variant.ts';
import { LoopOutput } from '../../src/live/output.ts';
import type { MidiMessage } from '../../src/midi/codec.ts';

const MS_PER_TICK = 60_000 / (120 * 24);
const MS_PER_BEAT = 500;

/** Play a 2-bar loop of straight 8ths (downbeats pitch 60, offbeats 62) for `passes` passes. */
function play(feel: FeelParams, passes = 2, latencyMs = 0): { time: number; m: MidiMessage }[] {
  const scheduler = new ManualScheduler(0);
  const sent: { time: number; m: MidiMessage }[] = [];
  const notes = new NoteOutput({ name: 'rec', send: (m) => sent.push({ time: scheduler.now(), m }), close: () => {} });
  const player = new LoopPlayer();
  const out = new LoopOutput(scheduler, player, notes, 0, latencyMs);
  const v = new Variant(1, 2);
  for (let bar = 0; bar < 2; bar++)
    v.setBar(bar, Array.from({ length: 8 }, (_, i) => ({ pitch: i % 2 ? 62 : 60, velocity: 80, start: i * 12, duration: 10 })));
  v.setFeel(liveFeel(feel));
  player.startAt(v, 0);
  for (let tick = 0; tick < passes * 192 + 24; tick++) {
    scheduler.advanceTo(tick * MS_PER_TICK);
    out.onTick(tick, tick * MS_PER_TICK, MS_PER_TICK);
  }
  scheduler.advance(1000);
  out.halt();
  return sent;
}
const ons = (sent: { time: number; m: MidiMessage }[]) =>
  sent.filter((s) => s.m.type === 'noteOn' && s.time < 16 * MS_PER_BEAT - 40).map((s) => ({ beat: s.time / MS_PER_BEAT, pitch: (s.m as { note: number }).note, velocity: (s.m as { velocity: number }).velocity }));

/** 1.8:1 swung 8ths, offbeats softer, and every downbeat but the loop's first pushed 15 ms early. */
const swung: GrooveTemplate = extractGroove(
  Array.from({ length: 16 }, (_, b) => [
    { start: b - 0.03, velocity: 100 },
    { start: b + 9 / 14, velocity: 60 },
  ]).flat(),
);

describe('live feel on the output path', () => {
  it('0%: every note leaves on its tick, as before', () => {
    for (const n of ons(play({ ...NO_FEEL, template: swung, amount: 0 }))) expect(n.beat * 2).toBeCloseTo(Math.round(n.beat * 2), 9);
  });

  it('100%: offbeats leave at the swung time, downbeats early from the tick before, accents shaped', () => {
    const out = ons(play({ ...NO_FEEL, template: swung, amount: 1 }));
    expect(out).toHaveLength(32);
    for (const n of out) {
      const beat = Math.round(n.beat);
      if (n.pitch === 62) {
        expect(n.beat - Math.floor(n.beat)).toBeCloseTo(9 / 14, 6);
        expect(n.velocity).toBe(60);
      } else {
        // the loop start cannot move before itself; every other downbeat goes 0.03 beat early
        expect(n.beat).toBeCloseTo(beat % 8 === 0 ? beat : beat - 0.03, 6);
        expect(n.velocity).toBe(100);
      }
    }
  });

  it('every note-on has its off, after it, none left sounding', () => {
    const sent = play({ ...NO_FEEL, template: swung, amount: 1, humanizeTiming: 50, humanizeVelocity: 20, rngSeed: 5 }, 3);
    const open = new Map<number, number>();
    for (const s of sent) {
      if (s.m.type === 'noteOn') {
        expect(open.has(s.m.note)).toBe(false);
        open.set(s.m.note, s.time);
      } else if (s.m.type === 'noteOff') {
        expect(s.time).toBeGreaterThan(open.get(s.m.note)!);
        open.delete(s.m.note);
      }
    }
    expect(open.size).toBe(0);
  });

  it('with a negative latency offset the whole felt pattern moves earlier by it', () => {
    const plain = ons(play({ ...NO_FEEL, template: swung, amount: 1 }));
    const early = ons(play({ ...NO_FEEL, template: swung, amount: 1 }, 2, -30));
    expect(early.length).toBe(plain.length);
    // (the very first note cannot leave before time 0, when the clock started)
    early.slice(1).forEach((n, i) => expect((plain[i + 1].beat - n.beat) * MS_PER_BEAT).toBeCloseTo(30, 6));
  });
});
