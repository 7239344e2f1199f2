import { describe, expect, it } from 'vitest';
import { InternalClock } from '../../src/clock/internal.ts';
import { ManualScheduler } from '../../src/clock/scheduler.ts';
import type { MidiMessage } from '../../src/midi/codec.ts';

describe('InternalClock', () => {
  it('ticks at exact grid times, re-anchors on a tempo change, and sends clock out', () => {
    const s = new ManualScheduler(0);
    const ticks: [number, number][] = [];
    const sent: string[] = [];
    const clock = new InternalClock(
      s,
      { onTick: (t, time) => ticks.push([t, time]), onStart: () => {}, onStop: () => {} },
      125, // 20 ms per pulse
      (m: MidiMessage) => sent.push(m.type),
    );
    clock.start();
    s.advanceTo(96 * 20 + 5); // one bar
    expect(ticks.length).toBe(96);
    expect(ticks.every(([t, time]) => time === 20 + t * 20)).toBe(true);
    clock.setBpm(250); // 10 ms per pulse from the next tick on
    s.advance(100);
    const after = ticks.slice(96);
    expect(after[0][1]).toBe(20 + 96 * 20);
    expect(after[1][1] - after[0][1]).toBe(10);
    clock.stop();
    const n = ticks.length;
    s.advance(1000);
    expect(ticks.length).toBe(n);
    expect(sent[0]).toBe('start');
    expect(sent.filter((m) => m === 'clock').length).toBe(n);
    expect(sent[sent.length - 1]).toBe('stop');
  });

  it('keeps 24 pulses per beat over an hour with no drift', () => {
    const s = new ManualScheduler(0);
    let last = [0, 0];
    const clock = new InternalClock(s, { onTick: (t, time) => (last = [t, time]), onStart: () => {}, onStop: () => {} }, 97);
    clock.start();
    s.advanceTo(3_600_000);
    const period = 60_000 / (97 * 24);
    expect(Math.abs(last[1] - (period + last[0] * period))).toBeLessThan(1e-6);
    expect(last[0]).toBe(Math.floor((3_600_000 - period) / period));
  });
});
