// Settings a performer changes mid-set, in virtual time: each applies from the next event, and no
// note is ever left sounding.
import { describe, expect, it } from 'vitest';
import type { MidiMessage } from '../../src/midi/codec.ts';
import { rig } from './rig.ts';

const BAR = 96;

/** A rig whose 2-bar loop plays from 3*BAR, run to `tick`. */
async function playingAt(tick: number, opts: Parameters<typeof rig>[0] = {}) {
  const r = rig({ jitterMs: 0, ...opts });
  r.daw.start();
  r.playDemoSeed(0);
  await r.runToTick(tick);
  return r;
}

describe('live settings', () => {
  it('output channel: notes sounding end on the old channel, the next note-on goes out on the new one', async () => {
    const r = await playingAt(3 * BAR + 2);
    expect(r.engine.stats.hanging).toBeGreaterThan(0); // a note is sounding across the change
    const at = r.recorder.events.length;
    r.engine.send({ type: 'set', key: 'channel', value: 7 });
    expect(r.engine.snapshot().settings.channel).toBe(7);
    await r.runToTick(5 * BAR);
    const after = r.recorder.notes().slice(at - r.recorder.events.filter((e, i) => i < at && !('note' in e.message)).length);
    const ons = after.filter((n) => n.on);
    expect(ons.length).toBeGreaterThan(4);
    expect(ons.every((n) => n.channel === 6)).toBe(true);
    expect(after.filter((n) => !n.on && n.channel === 0).length).toBeGreaterThan(0); // the old note's off, on its channel
    // and the notes keep their place on the grid: a quarter-note line from the change on
    expect(ons.every((n) => n.tick % 24 === 0)).toBe(true);
    await r.engine.quit();
    expect(r.recorder.stuckNotes).toBe(0);
  });

  for (const [from, to] of [[40, -40], [-40, 40], [0, 120], [120, 0]]) {
    it(`latency ${from} -> ${to} ms mid-loop: from the next event, in order, nothing stuck`, async () => {
      const r = await playingAt(3 * BAR + 30, { settings: { latencyMs: from } });
      r.engine.send({ type: 'set', key: 'latencyMs', value: to });
      expect(r.engine.snapshot().settings.latencyMs).toBe(to);
      const changedAt = r.scheduler.now();
      await r.runToTick(7 * BAR);
      // No note is ever on twice without an off in between, and none hangs at the end.
      const open = new Set<number>();
      for (const n of r.recorder.notes()) {
        if (n.on) {
          expect(open.has(n.pitch)).toBe(false);
          open.add(n.pitch);
        } else open.delete(n.pitch);
      }
      // A bar after the change every note is placed by the new offset.
      const later = r.recorder.notes().filter((n) => n.on && n.time > changedAt + 600);
      expect(later.length).toBeGreaterThan(4);
      for (const n of later) {
        const tick = Math.round((n.time - to - 10) / r.daw.msPerTick()); // the DAW started 10 ms in
        expect(Math.abs(n.time - (r.daw.gridTime(tick) + to))).toBeLessThan(0.01);
      }
      await r.engine.quit();
      expect(r.recorder.stuckNotes).toBe(0);
    });
  }

  it('mute keeps the loop on the grid silently; un-mute brings it back on the same ticks', async () => {
    const r = await playingAt(3 * BAR + 30);
    const onsIn = (a: number, b: number) => r.recorder.notes().filter((n) => n.on && n.tick >= a && n.tick < b).map((n) => [(n.tick - 3 * BAR) % (2 * BAR), n.pitch]);
    r.engine.send({ type: 'mute' });
    expect(r.engine.stats.hanging).toBe(0); // what sounded ends at once
    await r.runToTick(5 * BAR + 30);
    expect(onsIn(3 * BAR + 31, 5 * BAR + 30)).toEqual([]);
    r.engine.send({ type: 'mute' });
    await r.runToTick(7 * BAR + 30);
    // ticks 5*BAR+31 .. 7*BAR+29 are loop ticks 31..191 then 0..29: the first pass's notes there
    const loop = r.engine.loop.current!.events().map((e) => [e.tick, e.pitch]);
    expect(onsIn(5 * BAR + 31, 7 * BAR + 30)).toEqual([...loop.filter(([t]) => t >= 31), ...loop.filter(([t]) => t < 30)]);
    expect(onsIn(5 * BAR + 31, 7 * BAR + 30).length).toBeGreaterThan(4);
    expect(r.engine.loop.passes).toBe(2); // the loop went round while muted
  });

  it('panic silences and stays muted until un-muted; the program change goes out at start and after panic', async () => {
    const sent: MidiMessage[] = []; // from the engine's first message on (the rig's recorder attaches later)
    const r = await playingAt(3 * BAR + 2, { perform: { program: 5, bank: 130 }, settings: { channel: 3 }, onSent: (m) => sent.push(m) });
    const programs = () => sent.filter((m) => m.type === 'programChange');
    const banks = () => sent.filter((m) => m.type === 'cc' && (m.controller === 0 || m.controller === 32));
    expect(programs()).toEqual([{ type: 'programChange', channel: 2, program: 4 }]);
    expect(banks()).toEqual([{ type: 'cc', channel: 2, controller: 0, value: 1 }, { type: 'cc', channel: 2, controller: 32, value: 2 }]);
    r.engine.send({ type: 'panic' });
    expect(r.recorder.stuckNotes).toBe(0);
    expect(programs()).toHaveLength(2);
    const at = r.recorder.notes().length;
    await r.runToTick(6 * BAR); // past the next bar lines and the loop line: still silent
    expect(r.recorder.notes().slice(at).filter((n) => n.on)).toEqual([]);
    expect(r.engine.snapshot().settings.muted).toBe(true);
    r.engine.send({ type: 'mute', on: false });
    await r.runToTick(7 * BAR);
    expect(r.recorder.notes().slice(at).filter((n) => n.on).length).toBeGreaterThan(0);
  });

  it('velocity scaling and loop length apply to what comes next', async () => {
    const r = await playingAt(3 * BAR + 2);
    r.engine.send({ type: 'set', key: 'velocity', value: 50 });
    r.engine.send({ type: 'set', key: 'loopBars', value: 3 }); // not a loop length: the nearest, 2 or 4
    expect([2, 4]).toContain(r.engine.settings.loopBars);
    r.engine.send({ type: 'set', key: 'loopBars', value: 16 });
    expect(r.engine.settings.loopBars).toBe(16);
    await r.runToTick(4 * BAR);
    const ons = r.recorder.notes().filter((n) => n.on && n.tick > 3 * BAR + 2);
    expect(ons.length).toBeGreaterThan(0);
    expect(ons.every((n) => n.velocity === Math.round(81 * 0.5))).toBe(true);
  });

  it('a knob MIDI-learned to channel, latency, velocity or change-every moves it across its range', async () => {
    const r = await playingAt(3 * BAR + 2);
    const cases = [['channel', 1, 16], ['latencyMs', -500, 500], ['velocity', 10, 200], ['changeEvery', 0, 16]] as const;
    cases.forEach(([key], i) => {
      r.engine.send({ type: 'learn', target: key });
      r.ports.input.send({ type: 'cc', channel: 0, controller: 20 + i, value: 64 });
    });
    for (const [i, [key, low, high]] of cases.entries()) {
      r.ports.input.send({ type: 'cc', channel: 0, controller: 20 + i, value: 0 });
      expect(r.engine.settings[key]).toBe(low);
      r.ports.input.send({ type: 'cc', channel: 0, controller: 20 + i, value: 127 });
      expect(r.engine.settings[key]).toBe(high);
    }
    r.ports.input.send({ type: 'cc', channel: 0, controller: 20, value: 40 }); // channel back to 6
    r.ports.input.send({ type: 'cc', channel: 0, controller: 21, value: 64 }); // latency ~0
    const at = r.recorder.notes().length;
    await r.runToTick(6 * BAR);
    const ons = r.recorder.notes().slice(at).filter((n) => n.on);
    expect(ons.length).toBeGreaterThan(4);
    expect(ons.every((n) => n.channel === 5 && n.velocity === 127)).toBe(true); // 81 at 200%, clamped
    await r.engine.quit();
    expect(r.recorder.stuckNotes).toBe(0);
  });
});
