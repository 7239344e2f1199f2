// A test double for the live Bridge: records every command, applies settings like the real one,
// and lets a test push whatever snapshot it wants to see drawn.
import type { Bridge, EngineCommand, EngineSnapshot, RollNote } from '../../src/live/types.ts';
import { DEFAULT_SAMPLER } from '../../src/sampling/types.ts';
import { bridgeSettings, withSetting } from '../../src/settings/values.ts';

export function baseSnapshot(): EngineSnapshot {
  return {
    ports: { input: 'seedloop in', output: 'seedloop out' },
    clock: { source: 'external', bpm: 120, running: true, bar: 5, beat: 3, tick: 0, beatsPerBar: 4 },
    model: { name: 'tiny-remi', provider: 'cpu' },
    state: { kind: 'armed' },
    settings: { ...bridgeSettings({ seedBars: 2, grooveAmount: 50 }), sampler: { ...DEFAULT_SAMPLER } },
    seed: null,
    loop: null,
    next: null,
    learn: { armedFor: null, bindings: [] },
    status: null,
    stats: { notesOut: 0, hangingNotes: 0, loopsPlayed: 0 },
    perform: { history: [], favourite: null, lastExport: null, recording: null, learnAction: null, actions: [], lastAction: null },
    stopped: false,
  };
}

/** A rising line, one note per beat: easy to read back from a roll. */
export function scale(bars: number, low = 60): RollNote[] {
  return Array.from({ length: bars * 4 }, (_, i) => ({ pitch: low + (i % 12), start: i, duration: 0.5, velocity: 90 }));
}

export class ScriptedEngine implements Bridge {
  readonly commands: EngineCommand[] = [];
  /** When false, quit is recorded but the engine does not stop (to test waiting on it). */
  stopsOnQuit = true;
  private current: EngineSnapshot;
  private listeners = new Set<(s: EngineSnapshot) => void>();

  constructor(initial: Partial<EngineSnapshot> = {}) {
    this.current = { ...baseSnapshot(), ...initial };
  }

  snapshot(): EngineSnapshot {
    return this.current;
  }

  subscribe(listener: (s: EngineSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  push(patch: Partial<EngineSnapshot>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener(this.current);
  }

  send(command: EngineCommand): void {
    this.commands.push(command);
    const settings = this.current.settings;
    if (command.type === 'set') {
      this.push({ settings: withSetting(settings, command.key, command.value) }); // the engine's own clamp
    } else if (command.type === 'hold') {
      this.push({ settings: { ...settings, hold: command.on ?? !settings.hold } });
    } else if (command.type === 'learn') {
      this.push({ learn: { ...this.current.learn, armedFor: command.target } });
    } else if (command.type === 'learnAction') {
      this.push({ perform: { ...this.current.perform, learnAction: command.action } });
    } else if (command.type === 'quit' && this.stopsOnQuit) {
      queueMicrotask(() => this.push({ stopped: true }));
    }
  }

  listenerCount(): number {
    return this.listeners.size;
  }
}
