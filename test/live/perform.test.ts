// The variant history and loop export on a running engine, in virtual time; export checked against --record.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSmf, type SmfRead } from '../midi/smfRead.ts';
import { rig, until } from './rig.ts';

const BAR = 96;
const LOOP = 2 * BAR;
const tmp = () => mkdtempSync(join(tmpdir(), 'seedloop-perform-'));

/** Notes (on/off paired) of a file's music, in its ticks: [start, pitch, duration, velocity, channel]. */
function notesOf(file: SmfRead, from = 0, to = Infinity): number[][] {
  const open = new Map<string, { tick: number; velocity: number }>();
  const out: number[][] = [];
  for (const n of file.notes) {
    const key = `${n.channel}:${n.pitch}`;
    if (n.on) open.set(key, { tick: n.tick, velocity: n.velocity });
    else if (open.has(key)) {
      const on = open.get(key)!;
      open.delete(key);
      if (on.tick >= from && on.tick < to) out.push([on.tick - from, n.pitch, n.tick - on.tick, on.velocity, n.channel]);
    }
  }
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe('variant history on the engine', () => {
  it('previous, next and favourite: each swap lands on a loop line, never mid-loop', async () => {
    const r = rig();
    r.daw.start();
    r.playDemoSeed(0);
    await r.runToTick(3 * BAR + 10); // variant 1 plays from 3*BAR
    r.engine.send({ type: 'regenerate' });
    await r.runToTick(3 * BAR + LOOP + 10); // variant 2 from 5*BAR
    r.engine.send({ type: 'favourite' });
    r.engine.send({ type: 'regenerate' });
    await r.runToTick(3 * BAR + 2 * LOOP + 10); // variant 3 from 7*BAR
    const swaps: [number, number][] = [];
    const ids = () => r.engine.loop.current!.id;
    const snap = () => r.engine.snapshot().perform;
    expect(snap().history.map((h) => [h.variant, h.playing, h.favourite])).toEqual([[1, false, false], [2, false, true], [3, true, false]]);
    r.engine.send({ type: 'history', step: -1 }); // mid-loop (tick 7*BAR+10)
    expect(snap().history.find((h) => h.queued)?.variant).toBe(2);
    for (let t = 7 * BAR + 11; t <= 11 * BAR + 10; t += 1) {
      await r.runToTick(t);
      if (swaps.at(-1)?.[1] !== ids()) swaps.push([r.engine.loop.origin, ids()]);
      if (t === 9 * BAR + 40) r.engine.send({ type: 'history', step: 1 }); // mid-loop again
    }
    expect(swaps).toEqual([[7 * BAR, 3], [9 * BAR, 2], [11 * BAR, 3]]);
    // what sounded between the lines was the old loop, whole: variant 2's notes from 9*BAR to 11*BAR
    const v2 = r.engine.performing.history.entries[1].variant.events().map((e) => [e.tick, e.pitch]);
    const heard = r.recorder.notes().filter((n) => n.on && n.tick >= 9 * BAR && n.tick < 11 * BAR).map((n) => [n.tick - 9 * BAR, n.pitch]);
    expect(heard).toEqual(v2);
    expect(snap().favourite).toBe(2);
    await r.engine.quit();
    expect(r.recorder.stuckNotes).toBe(0);
  });
});

describe('export', () => {
  it('writes the notes the player sent during the pass (the same as --record has for it)', async () => {
    const dir = tmp();
    const record = join(dir, 'session.mid');
    const r = rig({ perform: { exportDir: dir, record }, settings: { channel: 5, velocity: 80 } });
    r.daw.start();
    r.playDemoSeed(0);
    await r.runToTick(3 * BAR + LOOP + 30); // the second pass of variant 1
    r.engine.send({ type: 'export' });
    await until(() => r.engine.snapshot().perform.lastExport !== null);
    await r.runToTick(3 * BAR + 2 * LOOP + 5);
    await r.engine.quit();
    const exported = readSmf(new Uint8Array(readFileSync(r.engine.snapshot().perform.lastExport!)));
    const session = readSmf(new Uint8Array(readFileSync(record)));
    const pass = notesOf(session, (3 * BAR + LOOP) * 20, (3 * BAR + 2 * LOOP) * 20);
    expect(pass.length).toBeGreaterThan(4);
    expect(notesOf(exported)).toEqual(pass);
    expect(pass.every((n) => n[4] === 4)).toBe(true); // channel 5
    expect(Math.max(...pass.map((n) => n[3]))).toBeLessThanOrEqual(Math.round(81 * 0.8)); // the scripted 81, scaled
    expect(exported.trackEnds).toEqual([LOOP * 20, LOOP * 20]);
    expect(exported.tempos[0].bpm).toBeCloseTo(120, 1);
    expect(session.tempos[0]).toMatchObject({ tick: 0 });
    expect(session.tempos[0].bpm).toBeCloseTo(120, 0);
    expect(notesOf(session).length).toBe(r.recorder.notes().filter((n) => n.on).length); // every note sent is in it
  });

  it('exports the favourite while another variant plays, and names a missing one', async () => {
    const dir = tmp();
    const r = rig({ perform: { exportDir: dir } });
    r.daw.start();
    r.playDemoSeed(0);
    await r.runToTick(3 * BAR + 10);
    r.engine.send({ type: 'export', which: 'favourite' });
    expect(r.engine.snapshot().status?.message).toBe('export: no favourite yet (f marks the playing loop)');
    r.engine.send({ type: 'favourite' });
    r.engine.send({ type: 'regenerate' });
    await r.runToTick(3 * BAR + LOOP + 10);
    expect(r.engine.loop.current!.id).toBe(2);
    r.engine.send({ type: 'export', which: 'favourite' });
    await until(() => r.engine.snapshot().perform.lastExport !== null);
    expect(r.engine.snapshot().perform.lastExport).toMatch(/-v1-\d{8}-\d{6}\.mid$/);
    expect(r.engine.snapshot().status?.message).toMatch(/^exported variant 1 at [\d.]+ BPM: /);
  });

  it('an export asked for while the first variant still streams is written once its last bar is made', async () => {
    const dir = tmp();
    const r = rig({ perform: { exportDir: dir }, autoGenerate: false });
    r.daw.start();
    r.playDemoSeed(0);
    await r.runToTick(2 * BAR + 10);
    r.generator.release(1); // bar 0 only: the loop starts at 3*BAR with bar 1 still coming
    await r.runToTick(3 * BAR + 5);
    r.engine.send({ type: 'export' });
    expect(r.engine.snapshot().status?.message).toBe('export: variant 1 is written once its last bar is made (1 of 2)');
    r.generator.release(1);
    await until(() => r.engine.snapshot().perform.lastExport !== null);
    const file = readSmf(new Uint8Array(readFileSync(r.engine.snapshot().perform.lastExport!)));
    expect(file.trackEnds).toEqual([LOOP * 20, LOOP * 20]);
    expect(file.notes.filter((n) => n.on)).toHaveLength(r.engine.loop.current!.events().length);
  });
});
