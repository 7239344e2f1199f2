import { describe, expect, it } from 'vitest';
import { describeChanges, runPlain } from '../../src/tui/plain.ts';
import { baseSnapshot, ScriptedEngine } from './scriptedEngine.ts';

describe('plain log lines (no terminal)', () => {
  it('names the setup first, then only what changed', () => {
    const first = baseSnapshot();
    expect(describeChanges(null, first)).toEqual([
      '[5:3] in seedloop in, out seedloop out, model tiny-remi on cpu',
      '[5:3] clock external, running, 120.0 BPM',
      '[5:3] armed: play a seed of 2 bars',
    ]);
    const later = { ...first, clock: { ...first.clock, bar: 6, beat: 1 } };
    expect(describeChanges(first, later)).toEqual([]);
    const hotter = { ...later, settings: { ...later.settings, sampler: { ...later.settings.sampler, temperature: 1.25 } } };
    expect(describeChanges(later, hotter)).toEqual(['[6:1] temperature 1.25']);
    const lost = { ...hotter, status: { level: 'error' as const, message: 'output port vanished' } };
    expect(describeChanges(hotter, lost)).toEqual(['[6:1] error: output port vanished']);
  });

  it('says the tempo is not known until the clock gives one, then logs it once', () => {
    const base = baseSnapshot();
    const start = { ...base, clock: { ...base.clock, bpm: 0 } };
    expect(describeChanges(null, start)[1]).toBe('[5:3] clock external, running, tempo not known yet');
    const found = { ...start, clock: { ...start.clock, bpm: 124.8 } };
    expect(describeChanges(start, found)).toEqual(['[5:3] clock external, running, 124.8 BPM']);
    expect(describeChanges(found, { ...found, clock: { ...found.clock, bpm: 124.9 } })).toEqual([]);
  });

  it('shows the meter next to the tempo', () => {
    const base = baseSnapshot();
    const sixEight = { ...base, clock: { ...base.clock, beatsPerBar: 6, meter: '6/8' } };
    expect(describeChanges(null, sixEight)[1]).toBe('[5:3] clock external, running, 120.0 BPM, 6/8');
  });

  it('logs generation once, not every bar of it', () => {
    const a = { ...baseSnapshot(), state: { kind: 'generating' as const, tokens: 10, bar: 1, of: 8 } };
    const b = { ...a, state: { kind: 'generating' as const, tokens: 90, bar: 2, of: 8 } };
    expect(describeChanges(baseSnapshot(), a)).toEqual(['[5:3] generating 8 bars']);
    expect(describeChanges(a, b)).toEqual([]);
  });

  it('logs each performing action on a line of its own', () => {
    const a = { ...baseSnapshot(), perform: { ...baseSnapshot().perform, recording: { path: 'set.mid', messages: 0 } } };
    expect(describeChanges(null, a)).toContain('[5:3] recording to set.mid');
    const step = (patch: object, perform: object = {}) => ({ ...a, ...patch, perform: { ...a.perform, ...perform } });
    const cases: [ReturnType<typeof step>, string[]][] = [
      [step({ settings: { ...a.settings, muted: true } }), ['[5:3] muted']],
      [step({}, { favourite: 3 }), ['[5:3] favourite variant 3']],
      [step({}, { lastAction: { action: 'next', trigger: 'note D#1 (39) ch 16', count: 1 } }), ['[5:3] note D#1 (39) ch 16 -> next']],
      [step({}, { lastExport: '/tmp/seedloop-seedab12cd-v3-20261130-190507.mid' }), ['[5:3] exported /tmp/seedloop-seedab12cd-v3-20261130-190507.mid']],
      [step({ settings: { ...a.settings, channel: 10, latencyMs: -12, velocity: 80, changeEvery: 0 } }), ['[5:3] out channel 10', '[5:3] latency ms -12', '[5:3] velocity % 80', '[5:3] change every ask']],
    ];
    for (const [next, lines] of cases) expect(describeChanges(a, next)).toEqual(lines);
  });

  it('writes JSON lines and returns when the engine stops', async () => {
    const engine = new ScriptedEngine();
    const lines: string[] = [];
    const done = runPlain(engine, { json: true, write: (l) => lines.push(l) });
    engine.push({ state: { kind: 'capturing', bar: 1, of: 2 } });
    engine.push({ stopped: true, stats: { notesOut: 12, hangingNotes: 0, loopsPlayed: 1 } });
    await done;
    const objects = lines.map((l) => JSON.parse(l));
    expect(objects.map((o) => o.state.kind)).toEqual(['armed', 'capturing', 'capturing']);
    expect(objects.at(-1).stopped).toBe(true);
    expect(engine.listenerCount()).toBe(0);
  });
});
