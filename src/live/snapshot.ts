// The engine's state as plain data for the TUI and the --json status lines.
// Roll positions are in beats of the meter (eighths in 6/8), so a bar is beatsPerBar of them.
import { formatMeter, ticksPerMeterBeat, type Meter } from '../clock/meter.ts';
import type { Transport } from '../clock/transport.ts';
import type { LoopPlayer } from '../loop/player.ts';
import type { Variant } from '../loop/variant.ts';
import type { Score } from '../types.ts';
import type { CapturedSeed, SeedCapture } from './capture.ts';
import type { Controls } from './controls.ts';
import type { VariantJob } from './generation.ts';
import type { BridgeState, EngineSnapshot, PerformSnapshot, RollNote } from './types.ts';

/** What a snapshot reads: the engine's parts, read-only. */
export interface EngineView {
  readonly ports: { input: string; output: string };
  readonly model: { name: string; provider: string };
  readonly transport: Pick<Transport, 'source' | 'running' | 'tick' | 'meter' | 'bpm' | 'position'>;
  readonly controls: Pick<Controls, 'settings' | 'learnTarget' | 'bindings'>;
  readonly player: Readonly<Pick<LoopPlayer, 'current' | 'pending' | 'origin' | 'passes'>>;
  readonly capture: Pick<SeedCapture, 'state' | 'progress' | 'countInBeats'>;
  readonly seed: CapturedSeed | null;
  readonly first: VariantJob | null; // the first variant, while it is being made
  readonly next: VariantJob | null; // the next variant, while it is being made
  readonly waiting: Variant | null; // a finished auto variant, waiting for its turn
  readonly status: EngineSnapshot['status'];
  readonly stats: { notesOut: number; hanging: number };
  readonly stopped: boolean;
  readonly perform: PerformSnapshot;
  readonly groove?: string | null; // the groove's compact line (src/feel/liveGroove.ts)
}

function rollOf(v: Variant, beatTicks: number): RollNote[] {
  return v.notes.map((n) => ({
    pitch: n.pitch,
    start: n.start / beatTicks,
    duration: n.duration / beatTicks,
    velocity: n.velocity,
  }));
}

function seedRoll(score: Score, meter: Meter): RollNote[] {
  const perBeat = (score.ticksPerQuarter * 4) / meter.beatUnit; // score ticks per beat
  return score.tracks.flatMap((t) =>
    t.notes.map((n) => ({ pitch: n.pitch, start: n.start / perBeat, duration: n.duration / perBeat, velocity: n.velocity })),
  );
}

function stateOf(e: EngineView): BridgeState {
  if (!e.transport.running || e.stopped) return { kind: 'stopped' };
  if (e.player.current) return { kind: 'playing', variant: e.player.current.id };
  if (e.first) return { kind: 'generating', tokens: e.first.tokens, bar: e.first.variant.barsReady, of: e.first.variant.bars };
  if (e.seed && e.player.pending) {
    const v = e.player.pending;
    return { kind: 'generating', tokens: 0, bar: v.barsReady, of: v.bars };
  }
  if (e.capture.state === 'capturing') return { kind: 'capturing', ...e.capture.progress(e.transport.tick) };
  const countIn = e.capture.countInBeats(e.transport.tick);
  return countIn === null ? { kind: 'armed' } : { kind: 'armed', countIn };
}

export function toSnapshot(e: EngineView): EngineSnapshot {
  const { bar, beat } = e.transport.position();
  const meter = e.transport.meter;
  const tick = e.transport.tick;
  const seed = e.seed;
  const current = e.player.current;
  const nextJob = e.next;
  const queued = e.player.pending && e.player.current ? e.player.pending : e.waiting;
  const beatTicks = ticksPerMeterBeat(meter); // clock ticks per beat
  return {
    ports: e.ports,
    clock: {
      source: e.transport.source,
      bpm: Math.round(e.transport.bpm() * 100) / 100,
      running: e.transport.running && !e.stopped,
      bar,
      beat,
      tick: Math.max(0, tick),
      beatsPerBar: meter.beatsPerBar,
      meter: formatMeter(meter),
    },
    model: e.model,
    state: stateOf(e),
    settings: e.controls.settings,
    seed: seed
      ? {
          bars: seed.bars,
          notes: seedRoll(seed.score, meter),
        }
      : null,
    loop: current
      ? {
          variant: current.id,
          bars: current.bars,
          notes: rollOf(current, beatTicks),
          loopScore: current.loopScore,
          position: Math.max(0, ((tick - e.player.origin) % current.length + current.length) % current.length) / beatTicks,
        }
      : null,
    next: nextJob
      ? {
          mode: nextJob.mode === 'mutate' ? 'mutate' : 'regenerate',
          tokens: nextJob.tokens,
          bar: nextJob.variant.barsReady,
          of: nextJob.variant.bars,
          ready: false,
        }
      : queued
        ? { mode: 'regenerate', tokens: 0, bar: queued.bars, of: queued.bars, ready: true }
        : null,
    learn: { armedFor: e.controls.learnTarget, bindings: [...e.controls.bindings] },
    status: e.status,
    stats: { notesOut: e.stats.notesOut, hangingNotes: e.stats.hanging, loopsPlayed: e.player.passes },
    perform: e.perform,
    stopped: e.stopped,
    groove: e.groove ?? null,
  };
}
