// The timing thread with the tiny model: the main thread sees snapshots, sends commands, and a
// signal-style synchronous stop returns only after every note-off went out.
import { describe, expect, it } from 'vitest';
import { EngineThread } from '../../src/live/thread.ts';
import { DEMO_THREAD } from '../../src/harness/entries.ts';

describe('EngineThread', () => {
  it('plays the demo in its own thread; stopNow() blocks until the notes are off', async () => {
    const engine = await EngineThread.start(
      {
      device: 'cpu',
      threads: 1,
      priority: false,
      settings: { loopBars: 1, seedBars: 2 },
      settingsFile: null,
      bpm: 300,
      loops: 1000,
      jitterMs: 0.5,
      },
      DEMO_THREAD,
    );
    expect(engine.snapshot().ports.output).toBe('loopback out');
    await new Promise<void>((resolve) => {
      const off = engine.subscribe((s) => {
        if (s.state.kind === 'playing' && s.stats.notesOut > 0) {
          off();
          resolve();
        }
      });
    });
    engine.send({ type: 'set', key: 'temperature', value: 1.5 });
    await new Promise<void>((resolve) => {
      const off = engine.subscribe((s) => s.settings.sampler.temperature === 1.5 && (off(), resolve()));
    });
    expect(engine.stopNow()).toBe(true);
    const result = await engine.done;
    expect(result?.stuckNotes).toBe(0);
    expect(engine.snapshot().stopped).toBe(true);
    expect(engine.snapshot().stats.hangingNotes).toBe(0);
  }, 60_000);
});
