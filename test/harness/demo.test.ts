import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import T from '@tonejs/midi';
import { ManualScheduler } from '../../src/clock/scheduler.ts';
import { runLiveDemo, formatDemoResult } from '../../src/harness/demo.ts';
import type { LiveEngine } from '../../src/live/engine.ts';
import { ScriptedGenerator } from '../live/doubles.ts';

const { Midi } = T;

/** Runs the demo on a virtual clock, 5 ms at a time, until it finishes; returns its result and engine. */
async function runVirtual(opts: Omit<Parameters<typeof runLiveDemo>[0], 'scheduler' | 'onEngine'>) {
  const scheduler = new ManualScheduler(0);
  let engine: LiveEngine | null = null;
  const run = runLiveDemo({ ...opts, scheduler, onEngine: (e) => (engine = e) });
  let finished = false;
  void run.then(() => (finished = true));
  for (let i = 0; i < 20_000 && !finished; i++) {
    scheduler.advance(5);
    await new Promise((r) => setImmediate(r));
  }
  const result = await run;
  return { result, engine: engine as LiveEngine | null };
}

describe('live demo (virtual time)', () => {
  it('runs seed -> loop -> variants, follows the tempo change, records a .mid with every note closed', async () => {
    const record = join(mkdtempSync(join(tmpdir(), 'seedloop-demo-')), 'out.mid');
    const { result, engine: engineRef } = await runVirtual({
      generator: new ScriptedGenerator(),
      loops: 3,
      settings: { loopBars: 2 },
      perform: { record },
    });
    expect(engineRef).not.toBeNull();
    expect(result.loops).toBe(3);
    expect(result.stuckNotes).toBe(0);
    expect(result.maxMs).toBe(0); // virtual time: every note leaves on its tick
    expect(result.tempoErrorPct).not.toBeNull();
    expect(result.tempoErrorPct!).toBeLessThan(0.1);
    expect(formatDemoResult(result)).toMatch(/stuck notes 0/);
    const midi = new Midi(readFileSync(record));
    const notes = midi.tracks.flatMap((t) => t.notes);
    expect(notes.length).toBe(result.notesOut);
    // the loop starts on a bar line of the recording (480 ppq, 4/4)
    expect(Math.min(...notes.map((n) => n.ticks)) % (480 * 4)).toBe(0);
  });

  it('6/8: the simulated keyboard fits the meter, the loop runs on 6/8 bar lines, the recording says 6/8', async () => {
    const record = join(mkdtempSync(join(tmpdir(), 'seedloop-demo-')), 'out.mid');
    const { result, engine } = await runVirtual({
      generator: new ScriptedGenerator(true, 3), // three quarters per 6/8 bar
      meter: { beatsPerBar: 6, beatUnit: 8 },
      loops: 2,
      settings: { loopBars: 2 },
      perform: { record },
    });
    expect(result.stuckNotes).toBe(0);
    // the riff's notes that start within two bars of 6/8; the rolls count beats of the meter (eighths)
    const snap = engine!.snapshot();
    expect(snap.clock).toMatchObject({ beatsPerBar: 6, meter: '6/8' });
    expect(snap.seed!.notes).toHaveLength(10);
    expect(snap.seed!.notes.find((n) => n.pitch === 55)).toMatchObject({ start: 8, duration: 3 }); // quarter 4, 1.5 quarters
    expect(snap.loop!.notes.map((n) => n.start)).toEqual([0, 2, 4, 6, 8, 10]); // a note per quarter over 2 bars
    const midi = new Midi(readFileSync(record));
    expect(midi.header.timeSignatures.map((t) => t.timeSignature)).toEqual([[6, 8]]);
    const starts = midi.tracks.flatMap((t) => t.notes).map((n) => n.ticks);
    const first = Math.min(...starts);
    // a bar of count-in and two seed bars end at 6/8 bar 4 (216 clock ticks = 4320 at 480 ppq); the
    // loop starts right there, with no silent bar: its bar 0, not generated yet then, plays the seed's
    const pass = (k: number) => starts.filter((t) => t >= first + k * 2880 && t < first + (k + 1) * 2880).map((t) => t - k * 2880);
    expect(first).toBe(216 * 20);
    expect(pass(1).length).toBe(6); // the second pass is all generated: a note per quarter
    const bar1 = (ts: number[]) => ts.filter((t) => t >= first + 1440);
    expect(bar1(pass(0))).toEqual(bar1(pass(1))); // bar 1 was generated in time for the first pass
    expect(pass(0).filter((t) => t < first + 1440)).not.toEqual(pass(1).filter((t) => t < first + 1440));
  });
});
