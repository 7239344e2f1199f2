import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import T from '@tonejs/midi';
import { ManualScheduler } from '../../src/clock/scheduler.ts';
import { runLiveDemo, formatDemoResult } from '../../src/live/demo.ts';
import { ScriptedGenerator, ToyTokenizer } from './doubles.ts';

const { Midi } = T;

describe('live demo (virtual time)', () => {
  it('runs seed -> loop -> variants, follows the tempo change, records a .mid with every note closed', async () => {
    const scheduler = new ManualScheduler(0);
    const record = join(mkdtempSync(join(tmpdir(), 'seedloop-demo-')), 'out.mid');
    let engineRef: { player: { passes: number } } | null = null;
    const run = runLiveDemo({
      generator: new ScriptedGenerator(),
      tokenizer: new ToyTokenizer(),
      scheduler,
      loops: 3,
      settings: { loopBars: 2 },
      record,
      onEngine: (e) => (engineRef = e),
    });
    let finished = false;
    void run.then(() => (finished = true));
    for (let i = 0; i < 20_000 && !finished; i++) {
      scheduler.advance(5);
      await new Promise((r) => setImmediate(r));
    }
    const result = await run;
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
});
