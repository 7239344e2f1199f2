import { describe, expect, it } from 'vitest';
import { ClockFollower } from '../../src/clock/follower.ts';
import { TempoEstimator } from '../../src/clock/tempo.ts';
import type { TransportListener } from '../../src/clock/tickSource.ts';
import { mulberry32 } from '../../src/sampling/rng.ts';

function recorder() {
  const log: string[] = [];
  const ticks: { tick: number; time: number }[] = [];
  const listener: TransportListener = {
    onTick: (tick, time) => ticks.push({ tick, time }),
    onStart: (tick, _t, kind) => log.push(`${kind}@${tick}`),
    onStop: (_t, reason) => log.push(reason),
    onPosition: (tick) => log.push(`pos@${tick}`),
  };
  return { log, ticks, listener };
}

/** Pulse times for a tempo curve bpmAt(pulse), with uniform jitter of +-jitterMs. */
function pulses(count: number, bpmAt: (k: number) => number, jitterMs: number, seed = 1): number[] {
  const rand = mulberry32(seed);
  const out: number[] = [];
  let t = 1000;
  for (let k = 0; k < count; k++) {
    t += 60_000 / (bpmAt(k) * 24);
    out.push(t + (rand() * 2 - 1) * jitterMs);
  }
  return out;
}

function maxError(times: number[], bpmAt: (k: number) => number, from: number, to: number, window = 96): number {
  const est = new TempoEstimator({ window });
  let worst = 0;
  times.forEach((t, k) => {
    est.add(t);
    if (k >= from && k < to) worst = Math.max(worst, Math.abs(est.bpm()! / bpmAt(k) - 1));
  });
  return worst;
}

describe('tempo estimate', () => {
  it('settles within a beat of a steady clock with 0.5 ms jitter', () => {
    const bpm = () => 123;
    expect(maxError(pulses(400, bpm, 0.5), bpm, 24, 400)).toBeLessThan(0.002);
    expect(maxError(pulses(400, bpm, 0.5), bpm, 96, 400)).toBeLessThan(0.001);
  });

  it.each([
    [120, 132],
    [120, 119],
    [140, 90],
  ])('is within 0.1%% one bar after a step %d -> %d BPM, with jitter', (a, b) => {
    const bpm = (k: number) => (k < 200 ? a : b);
    for (const seed of [1, 2, 3]) {
      expect(maxError(pulses(600, bpm, 0.5, seed), bpm, 200 + 96, 600)).toBeLessThan(0.001);
    }
  });

  it.each([
    ['3/4 or 6/8', 72],
    ['5/4', 120],
  ])('in %s (a bar of %d pulses, the window) is within 0.1%% one bar after a +4%% step', (_, bar) => {
    const bpm = (k: number) => (k < 200 ? 120 : 124.8);
    for (const seed of [1, 2, 3]) {
      expect(maxError(pulses(600, bpm, 0.5, seed), bpm, 200 + bar, 600, bar)).toBeLessThan(0.001);
    }
  });

  it('ignores pulses delivered late by a busy host', () => {
    const bpm = () => 128;
    const rand = mulberry32(9);
    const times = pulses(600, bpm, 0.3).map((t) => (rand() < 0.03 ? t + 4 + rand() * 12 : t));
    expect(maxError(times, bpm, 96, 600)).toBeLessThan(0.001);
  });

  it('follows a ramp of 100 -> 140 BPM over four bars', () => {
    const bpm = (k: number) => (k < 100 ? 100 : k < 484 ? 100 + (40 * (k - 100)) / 384 : 140);
    const times = pulses(800, bpm, 0.25);
    expect(maxError(times, bpm, 196, 484)).toBeLessThan(0.005); // during the ramp
    expect(maxError(times, bpm, 484 + 96, 800)).toBeLessThan(0.001); // a bar after it ends
  });
});

describe('ClockFollower', () => {
  it('counts positions from the clock: tick n after Start is the nth pulse, no drift', () => {
    const { log, ticks, listener } = recorder();
    const f = new ClockFollower(listener);
    const times = pulses(24 * 4 * 1000, (k) => 120 + 10 * Math.sin(k / 500), 1);
    f.handle({ type: 'start' }, 999);
    for (const t of times) f.handle({ type: 'clock' }, t);
    expect(log).toEqual(['start@0']);
    expect(ticks.length).toBe(times.length);
    expect(ticks.every((t, i) => t.tick === i && t.time === times[i])).toBe(true);
  });

  it('handles Stop, Song Position Pointer and Continue', () => {
    const { log, ticks, listener } = recorder();
    const f = new ClockFollower(listener);
    f.handle({ type: 'clock' }, 0); // clock while stopped: tempo only, no position
    f.handle({ type: 'start' }, 1);
    for (let i = 0; i < 10; i++) f.handle({ type: 'clock' }, 10 + i * 20);
    f.handle({ type: 'stop' }, 300);
    f.handle({ type: 'clock' }, 310);
    f.handle({ type: 'continue' }, 400);
    f.handle({ type: 'clock' }, 410);
    f.handle({ type: 'stop' }, 500);
    f.handle({ type: 'songPosition', sixteenths: 16 }, 510); // bar 2 in 4/4
    f.handle({ type: 'continue' }, 520);
    f.handle({ type: 'clock' }, 530);
    f.handle({ type: 'clock' }, 550);
    expect(log).toEqual(['start@0', 'stop', 'continue@10', 'stop', 'pos@96', 'continue@96']);
    expect(ticks.map((t) => t.tick)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 96, 97]);
  });

  it('relocates on Song Position while running (Logic\'s cycle mode jumps back)', () => {
    const { log, ticks, listener } = recorder();
    const f = new ClockFollower(listener);
    f.handle({ type: 'start' }, 0);
    for (let i = 0; i < 5; i++) f.handle({ type: 'clock' }, 20 + i * 20);
    f.handle({ type: 'songPosition', sixteenths: 16 }, 115);
    f.handle({ type: 'clock' }, 120);
    f.handle({ type: 'clock' }, 140);
    expect(log).toEqual(['start@0', 'pos@96']);
    expect(ticks.map((t) => t.tick)).toEqual([0, 1, 2, 3, 4, 96, 97]);
  });

  it('a short dropout: once the clock is back at its spacing, the count jumps by the pulses missed', () => {
    const { log, ticks, listener } = recorder();
    const f = new ClockFollower(listener);
    f.handle({ type: 'start' }, 0);
    for (let k = 0; k < 48; k++) f.handle({ type: 'clock' }, 10 + k * 20); // 125 BPM, last pulse tick 47 at 950
    for (let k = 60; k < 64; k++) f.handle({ type: 'clock' }, 10 + k * 20 + 0.7); // 240 ms silent: 12 pulses lost
    expect(log).toEqual(['start@0', 'pos@61']); // the first pulse back counts on; the second confirms the gap
    expect(ticks.slice(-5).map((t) => t.tick)).toEqual([47, 48, 61, 62, 63]);
    expect(f.tempo.msPerTick()).toBeCloseTo(20, 0);
  });

  it('pulses queued while this host stalled (back to back after a gap) all count: no jump', () => {
    const { log, ticks, listener } = recorder();
    const f = new ClockFollower(listener);
    f.handle({ type: 'start' }, 0);
    for (let k = 0; k < 48; k++) f.handle({ type: 'clock' }, 10 + k * 20);
    for (let k = 48; k < 60; k++) f.handle({ type: 'clock' }, 1205 + (k - 48) * 0.01); // a 250 ms stall, then the queue
    for (let k = 60; k < 70; k++) f.handle({ type: 'clock' }, 10 + k * 20);
    expect(log).toEqual(['start@0']);
    expect(ticks.map((t) => t.tick)).toEqual(Array.from({ length: 70 }, (_, k) => k));
  });

  it('a dropout past the timeout stops, and the clock coming back resumes on the grid', () => {
    const { log, ticks, listener } = recorder();
    const f = new ClockFollower(listener);
    f.handle({ type: 'start' }, 0);
    for (let k = 0; k < 96; k++) f.handle({ type: 'clock' }, 10 + k * 20);
    f.checkTimeout(10 + 95 * 20 + 600);
    expect(log).toEqual(['start@0', 'timeout']);
    for (let k = 200; k < 204; k++) f.handle({ type: 'clock' }, 10 + k * 20 - 1.2);
    expect(log).toEqual(['start@0', 'timeout', 'continue@96', 'pos@201']);
    expect(ticks.slice(-4).map((t) => t.tick)).toEqual([96, 201, 202, 203]);
  });

  it('after a Stop message, clock pulses while stopped do not resume', () => {
    const { log, listener } = recorder();
    const f = new ClockFollower(listener);
    f.handle({ type: 'start' }, 0);
    for (let k = 0; k < 10; k++) f.handle({ type: 'clock' }, 10 + k * 20);
    f.handle({ type: 'stop' }, 200);
    for (let k = 0; k < 10; k++) f.handle({ type: 'clock' }, 1000 + k * 20);
    expect(log).toEqual(['start@0', 'stop']);
  });

  it('treats a silent clock as stopped', () => {
    const { log, ticks, listener } = recorder();
    const f = new ClockFollower(listener);
    f.handle({ type: 'start' }, 0);
    f.handle({ type: 'clock' }, 20);
    f.handle({ type: 'clock' }, 40);
    f.checkTimeout(100);
    expect(log).toEqual(['start@0']);
    f.checkTimeout(1000);
    expect(log).toEqual(['start@0', 'timeout']);
    expect(ticks.map((t) => t.tick)).toEqual([0, 1]);
  });
});
