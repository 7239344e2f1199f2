// The engine's state as plain data for the TUI and the --json status lines.
// Roll positions are in beats of the meter (eighths in 6/8), so a bar is beatsPerBar of them.
import { formatMeter, ticksPerMeterBeat, type Meter } from '../clock/transport.ts';
import type { Variant } from '../loop/variant.ts';
import type { Score } from '../types.ts';
import type { LiveEngine } from './engine.ts';
import type { BridgeState, EngineSnapshot, RollNote } from './types.ts';

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

function stateOf(e: LiveEngine): BridgeState {
  if (!e.running) return { kind: 'stopped' };
  if (e.player.current) return { kind: 'playing', variant: e.player.current.id };
  if (e.first) return { kind: 'generating', tokens: e.first.tokens, bar: e.first.variant.barsReady, of: e.first.variant.bars };
  if (e.seed && e.player.pending) {
    const v = e.player.pending;
    return { kind: 'generating', tokens: 0, bar: v.barsReady, of: v.bars };
  }
  if (e.capture.state === 'capturing') return { kind: 'capturing', ...e.capture.progress(e.tick) };
  return { kind: 'armed' };
}

export function toSnapshot(e: LiveEngine): EngineSnapshot {
  const { bar, beat } = e.position();
  const seed = e.seed;
  const current = e.player.current;
  const nextJob = e.next;
  const queued = e.player.pending && e.player.current ? e.player.pending : e.waiting;
  const beatTicks = ticksPerMeterBeat(e.meter); // clock ticks per beat
  return {
    ports: { input: e.opts.input.name, output: e.opts.output.name },
    clock: {
      source: e.source,
      bpm: Math.round(e.bpm() * 100) / 100,
      running: e.running,
      bar,
      beat,
      tick: Math.max(0, e.tick),
      beatsPerBar: e.meter.beatsPerBar,
      meter: formatMeter(e.meter),
    },
    model: { name: e.opts.modelName ?? e.opts.generator.manifest?.name ?? 'model', provider: e.opts.generator.provider },
    state: stateOf(e),
    settings: e.settings,
    seed: seed
      ? {
          bars: seed.bars,
          notes: seedRoll(seed.score, e.meter),
        }
      : null,
    loop: current
      ? {
          variant: current.id,
          bars: current.bars,
          notes: rollOf(current, beatTicks),
          loopScore: current.loopScore,
          position: Math.max(0, ((e.tick - e.player.origin) % current.length + current.length) % current.length) / beatTicks,
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
    learn: { armedFor: e.learnTarget, bindings: e.bindings },
    status: e.status,
    stats: { notesOut: e.notes.notesOut, hangingNotes: e.notes.hanging, loopsPlayed: e.player.passes },
    stopped: e.stopped,
  };
}
