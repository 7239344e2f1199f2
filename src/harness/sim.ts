// Simulated hardware for the demo and the tests: a DAW sending clock (with jitter), a keyboard
// playing a seed, and a recorder on the output port that counts stuck notes and lateness.
import type { Scheduler } from '../clock/scheduler.ts';
import { mulberry32 } from '../sampling/rng.ts';
import { TICKS_PER_BEAT } from '../clock/meter.ts';
import type { MidiMessage } from '../midi/codec.ts';
import type { LoopbackCable } from '../midi/loopback.ts';

export class SimulatedDaw {
  running = false;
  nextTick = 0;
  /** When the last tick sent was meant to arrive (ideal grid time + its jitter). */
  lastIntended = 0;
  lastTick = -1;
  private anchorTime = 0;
  private anchorTick = 0;
  private cancel: (() => void) | null = null;
  private rand: () => number;

  constructor(
    private scheduler: Scheduler,
    private port: LoopbackCable,
    public bpm = 120,
    private jitterMs = 0.5,
    seed = 7,
  ) {
    this.rand = mulberry32(seed);
  }

  msPerTick(): number {
    return 60_000 / (this.bpm * TICKS_PER_BEAT);
  }

  /** Grid time of a tick at the current tempo (no jitter). */
  gridTime(tick: number): number {
    return this.anchorTime + (tick - this.anchorTick) * this.msPerTick();
  }

  start(fromTick = 0, delayMs = 10): void {
    if (fromTick !== 0) this.port.send({ type: 'songPosition', sixteenths: fromTick / 6 });
    this.port.send({ type: fromTick === 0 ? 'start' : 'continue' });
    this.running = true;
    this.nextTick = fromTick;
    this.anchorTick = fromTick;
    this.anchorTime = this.scheduler.now() + delayMs;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.cancel?.();
    this.port.send({ type: 'stop' });
  }

  setBpm(bpm: number): void {
    this.anchorTime = this.gridTime(this.nextTick);
    this.anchorTick = this.nextTick;
    this.bpm = bpm;
  }

  private schedule(): void {
    const tick = this.nextTick;
    const intended = this.gridTime(tick) + (this.rand() * 2 - 1) * this.jitterMs;
    this.cancel = this.scheduler.at(intended, () => {
      if (!this.running) return;
      this.nextTick = tick + 1;
      this.lastTick = tick;
      this.lastIntended = intended;
      this.port.send({ type: 'clock' });
      this.schedule();
    });
  }
}

export interface SeedNote {
  pitch: number;
  velocity: number;
  beat: number; // quarter notes from the first bar line the keyboard plays on
  beats: number; // length, quarter notes
}

/** A built-in seed: two bars of a C minor riff with a syncopation and a triplet. */
export const DEMO_SEED: SeedNote[] = [
  { pitch: 60, velocity: 96, beat: 0, beats: 0.5 },
  { pitch: 63, velocity: 80, beat: 0.5, beats: 0.5 },
  { pitch: 67, velocity: 88, beat: 1, beats: 0.75 },
  { pitch: 70, velocity: 72, beat: 1.75, beats: 0.25 },
  { pitch: 68, velocity: 90, beat: 2, beats: 1 },
  { pitch: 67, velocity: 70, beat: 3, beats: 1 / 3 },
  { pitch: 65, velocity: 70, beat: 3 + 1 / 3, beats: 1 / 3 },
  { pitch: 63, velocity: 70, beat: 3 + 2 / 3, beats: 1 / 3 },
  { pitch: 55, velocity: 84, beat: 4, beats: 1.5 },
  { pitch: 58, velocity: 76, beat: 5.5, beats: 0.5 },
  { pitch: 60, velocity: 92, beat: 6, beats: 2 },
  { pitch: 67, velocity: 60, beat: 6, beats: 2 },
];

/** The riff cut to `quarters` quarter notes (the seed's bars in the session's meter): notes after the
 * end are left out and notes ringing past it end there, so the keyboard plays just the seed. */
export function fitSeed(notes: SeedNote[], quarters: number): SeedNote[] {
  return notes.filter((n) => n.beat < quarters).map((n) => ({ ...n, beats: Math.min(n.beats, quarters - n.beat) }));
}

/** Plays notes into a port at times taken from the DAW's grid, with a little human timing error. */
export function playSeed(
  scheduler: Scheduler,
  port: LoopbackCable,
  timeOf: (tick: number) => number, // the clock's grid: a SimulatedDaw's gridTime or the internal clock's timeOf
  notes: SeedNote[],
  startTick: number,
  humanMs = 6,
  seed = 3,
): void {
  const rand = mulberry32(seed);
  for (const n of notes) {
    const on = timeOf(startTick + n.beat * TICKS_PER_BEAT) + (rand() * 2 - 1) * humanMs;
    const off = timeOf(startTick + (n.beat + n.beats) * TICKS_PER_BEAT) - 5;
    scheduler.at(on, () => port.send({ type: 'noteOn', channel: 0, note: n.pitch, velocity: n.velocity }));
    scheduler.at(off, () => port.send({ type: 'noteOff', channel: 0, note: n.pitch, velocity: 0 }));
  }
}

export interface RecordedEvent {
  time: number;
  message: MidiMessage;
  /** The DAW tick this event answers and when that tick was meant to arrive. */
  tick: number;
  intended: number;
}

/** Listens on the engine's output: every message, stuck notes, lateness against the DAW's clock. */
export class Recorder {
  readonly events: RecordedEvent[] = [];
  private sounding = new Map<number, number>();
  readonly lateness: number[] = [];

  constructor(
    private scheduler: Scheduler,
    port: LoopbackCable,
    private daw: SimulatedDaw | null,
    private latencyMs = 0,
  ) {
    port.onMessage((m) => this.record(m));
  }

  private record(message: MidiMessage): void {
    const time = this.scheduler.now();
    const tick = this.daw?.lastTick ?? -1;
    const intended = this.daw?.lastIntended ?? time;
    this.events.push({ time, message, tick, intended });
    if (message.type === 'noteOn' || message.type === 'noteOff') {
      const key = message.channel * 128 + message.note;
      if (message.type === 'noteOn') this.sounding.set(key, (this.sounding.get(key) ?? 0) + 1);
      else if (this.sounding.has(key)) {
        const left = this.sounding.get(key)! - 1;
        if (left > 0) this.sounding.set(key, left);
        else this.sounding.delete(key);
      }
      // Only events answering a clock tick are timed; the offs sent on Stop answer no tick.
      if (this.daw?.running) {
        this.lateness.push(time - intended - this.latencyMs);
        if (process.env.SEEDLOOP_TRACE && time - intended - this.latencyMs > 2) {
          process.stderr.write(`late note ${(time - intended - this.latencyMs).toFixed(1)} ms at ${time.toFixed(0)} (tick ${tick})\n`);
        }
      }
    }
    if (message.type === 'cc' && message.controller === 123) {
      for (const key of [...this.sounding.keys()]) if (key >> 7 === message.channel) this.sounding.delete(key);
    }
  }

  /** Notes switched on and never off. */
  get stuckNotes(): number {
    let n = 0;
    for (const c of this.sounding.values()) n += c;
    return n;
  }

  notes(): { time: number; tick: number; on: boolean; pitch: number; velocity: number; channel: number }[] {
    return this.events.flatMap((e) =>
      e.message.type === 'noteOn' || e.message.type === 'noteOff'
        ? [{ time: e.time, tick: e.tick, on: e.message.type === 'noteOn', pitch: e.message.note, velocity: e.message.velocity, channel: e.message.channel }]
        : [],
    );
  }
}
