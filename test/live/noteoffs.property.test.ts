// Every note-on the bridge sends is matched by a note-off, whatever the musician, the DAW and the
// TUI do, in any order: fast-check drives random streams of transport, keyboard and commands.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rig } from './rig.ts';

type Step =
  | { kind: 'wait'; ms: number }
  | { kind: 'note'; pitch: number; ms: number }
  | { kind: 'daw'; op: 'start' | 'stop' | 'continue' | 'spp' | 'tempo' }
  | { kind: 'cmd'; op: 'regenerate' | 'mutate' | 'hold' | 'rearm' | 'panic' | 'loopBars' | 'latency' | 'channel' }
  | { kind: 'release'; bars: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 2500 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('note' as const), pitch: fc.integer({ min: 40, max: 90 }), ms: fc.integer({ min: 10, max: 900 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('daw' as const), op: fc.constantFrom('start' as const, 'stop' as const, 'continue' as const, 'spp' as const, 'tempo' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cmd' as const), op: fc.constantFrom('regenerate' as const, 'mutate' as const, 'hold' as const, 'rearm' as const, 'panic' as const, 'loopBars' as const, 'latency' as const, 'channel' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), bars: fc.integer({ min: 1, max: 3 }) }) },
);

describe('note-off ownership (property)', () => {
  it('leaves no note hanging after any stream of events and commands, then quit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), fc.integer({ min: 0, max: 2 }), async (steps, exit) => {
        const r = rig({ autoGenerate: false, settings: { seedBars: 1, loopBars: 2, changeEvery: 1 } });
        // Preamble: a seed and a first loop, so the random part acts on a playing bridge.
        r.daw.start();
        r.ports.input.send({ type: 'noteOn', channel: 0, note: 60, velocity: 90 });
        await r.runFor(300, 20);
        r.ports.input.send({ type: 'noteOff', channel: 0, note: 60, velocity: 0 });
        await r.runFor(2000, 20);
        r.generator.release(2);
        await r.runFor(2100, 20);
        expect(r.engine.stats.notesOut).toBeGreaterThan(0);
        let sixteenths = 0;
        for (const s of steps) {
          if (s.kind === 'wait') await r.runFor(s.ms, 20);
          else if (s.kind === 'note') {
            r.ports.input.send({ type: 'noteOn', channel: 0, note: s.pitch, velocity: 90 });
            await r.runFor(s.ms, 20);
            r.ports.input.send({ type: 'noteOff', channel: 0, note: s.pitch, velocity: 0 });
          } else if (s.kind === 'release') r.generator.release(s.bars);
          else if (s.kind === 'daw') {
            if (s.op === 'start') r.daw.start();
            else if (s.op === 'stop') r.daw.running && r.daw.stop();
            else if (s.op === 'continue') !r.daw.running && r.daw.start((sixteenths = (sixteenths + 5) % 64) * 6);
            else if (s.op === 'spp') r.ports.input.send({ type: 'songPosition', sixteenths: (sixteenths = (sixteenths + 3) % 64) });
            else r.daw.setBpm(90 + ((r.daw.bpm + 17) % 60));
          } else if (s.op === 'loopBars') r.engine.send({ type: 'set', key: 'loopBars', value: 1 + (steps.length % 3) });
          else if (s.op === 'latency') r.engine.send({ type: 'set', key: 'latencyMs', value: r.engine.settings.latencyMs === 0 ? -25 : r.engine.settings.latencyMs < 0 ? 15 : 0 });
          else if (s.op === 'channel') r.engine.send({ type: 'set', key: 'channel', value: (r.engine.settings.channel % 16) + 1 });
          else r.engine.send({ type: s.op });
          // Invariant at every step: what the engine thinks is sounding is what the receiver hears.
          expect(r.engine.stats.hanging).toBe(r.recorder.stuckNotes);
        }
        if (exit === 0) await r.engine.quit();
        else if (exit === 1) r.engine.stopNow(); // signal path: synchronous
        else {
          r.daw.stop();
          expect(r.recorder.stuckNotes).toBe(0);
          await r.engine.quit();
        }
        expect(r.recorder.stuckNotes).toBe(0);
        // Every on was answered by an off on the same channel and pitch, in order.
        const open = new Map<number, number>();
        for (const n of r.recorder.notes()) {
          const key = n.channel * 128 + n.pitch;
          if (n.on) {
            expect(open.get(key) ?? 0).toBe(0);
            open.set(key, 1);
          } else open.set(key, 0);
        }
      }),
      { numRuns: 40 },
    );
  });
});
