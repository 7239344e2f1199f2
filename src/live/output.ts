// From clock ticks to MIDI out. An event on the grid goes out when its tick arrives; with a latency
// offset it is placed by the tempo estimate instead: later via a timer, or earlier by looking ahead.
import type { Scheduler } from '../clock/scheduler.ts';
import { LoopPlayer, type PlayerEvent } from '../loop/player.ts';
import { NoteOutput, scaleVelocity } from '../loop/notes.ts';
import { Variant } from '../loop/variant.ts';

export class LoopOutput {
  /** Last tick handed to the player. */
  private playedThrough: number | null = null;
  private timers = new Set<() => void>();
  /** Lateness of each send against its ideal time, ms (bounded ring). */
  readonly lateness = new Float64Array(1 << 16);
  latenessCount = 0;
  /** Muted: the loop runs on (the player keeps its place on the grid) but no note-on goes out. */
  muted = false;
  velocityPercent = 100;
  /** The channel each sounding pitch went out on, so its off follows it after a channel change. */
  private onChannel = new Map<number, number>();
  /** Latest send time handed out: sends never go out of order when the latency offset shrinks. */
  private lastTarget = -Infinity;
  /** While a tick's events go out: that tick (a recording places them there, whatever the offset). */
  sendingTick: number | null = null;

  constructor(
    private scheduler: Scheduler,
    private player: LoopPlayer,
    private notes: NoteOutput,
    public channel: number, // 0-15
    public latencyMs: number,
  ) {}

  /** Tick `tick` arrived at `timeMs`; `msPerTick` is the tempo estimate. */
  onTick(tick: number, timeMs: number, msPerTick: number): void {
    const lead = this.latencyMs < 0 ? Math.ceil(-this.latencyMs / msPerTick) : 0;
    const from = this.playedThrough === null || this.playedThrough < tick - 1 ? tick : this.playedThrough + 1;
    const upto = tick + lead;
    for (let u = from; u <= upto; u++) {
      const events = this.player.play(u);
      // Feel places notes between ticks (fraction `at`): each group goes out at its own time, in order.
      for (const [at, group] of byAt(events)) this.dispatch(group, timeMs + (u - tick + at) * msPerTick + this.latencyMs, u);
    }
    if (this.playedThrough === null || upto > this.playedThrough) this.playedThrough = upto;
  }

  private dispatch(events: PlayerEvent[], ideal: number, tick: number): void {
    // A smaller offset would put this tick before sends already queued (an off before its on):
    // hold it back to the last queued time until the new offset catches up.
    const target = Math.max(ideal, this.lastTarget);
    this.lastTarget = target;
    if (target - this.scheduler.now() <= 0.05) {
      this.send(events, target, tick);
      return;
    }
    const cancel = this.scheduler.at(target, () => {
      this.timers.delete(cancel);
      this.send(events, target, tick);
    });
    this.timers.add(cancel);
  }

  private send(events: PlayerEvent[], ideal: number, tick: number): void {
    this.sendingTick = tick;
    for (const e of events) {
      if (!e.on) {
        this.notes.noteOff(this.onChannel.get(e.pitch) ?? this.channel, e.pitch);
        this.onChannel.delete(e.pitch);
      } else if (!this.muted) {
        const old = this.onChannel.get(e.pitch);
        if (old !== undefined && old !== this.channel) this.notes.noteOff(old, e.pitch);
        this.notes.noteOn(this.channel, e.pitch, scaleVelocity(e.velocity, this.velocityPercent));
        this.onChannel.set(e.pitch, this.channel);
      }
    }
    this.sendingTick = null;
    this.lateness[this.latenessCount++ % this.lateness.length] = this.scheduler.now() - ideal;
  }

  /** Transport stopped or jumped: drop queued sends, silence everything, replay from the next tick. */
  halt(): void {
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.player.silence();
    this.notes.allOff();
    this.onChannel.clear();
    this.playedThrough = null;
    this.lastTarget = -Infinity;
  }

  /** From the next note-on: what sounds ends on its own channel (its off follows it). */
  setChannel(channel: number): void {
    this.channel = channel;
  }

  /** Mute keeps the timeline; what sounds is ended now, so nothing rings on while muted. */
  setMuted(muted: boolean): void {
    this.muted = muted;
    if (muted) {
      this.notes.allOff();
      this.onChannel.clear();
    }
  }
}

/** Events grouped by their fraction of a tick, in the order the player gave them (offs first). */
function byAt(events: PlayerEvent[]): Map<number, PlayerEvent[]> {
  const groups = new Map<number, PlayerEvent[]>();
  for (const e of events) {
    const at = e.at ?? 0;
    const g = groups.get(at);
    if (g) g.push(e);
    else groups.set(at, [e]);
  }
  return new Map([...groups].sort((a, b) => a[0] - b[0]));
}

/** p50 / p99 / max of a sample, ms. */
export function percentiles(values: ArrayLike<number>, count = values.length): { p50: number; p99: number; max: number } {
  const n = Math.min(count, values.length);
  if (!n) return { p50: 0, p99: 0, max: 0 };
  const sorted = Array.from({ length: n }, (_, i) => values[i]).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(n - 1, Math.floor(q * n))];
  return { p50: at(0.5), p99: at(0.99), max: sorted[n - 1] };
}

/**
 * Run the playback path once on a throwaway player and a null port, so V8 has compiled it before
 * the first real note: otherwise the first loop bar pays for lazy compilation (about a millisecond).
 */
export function warmUpPlayback(scheduler: Scheduler): void {
  const player = new LoopPlayer();
  const notes = new NoteOutput({ name: 'warm-up', send: () => {}, close: () => {} });
  const out = new LoopOutput(scheduler, player, notes, 0, 0);
  const v = new Variant(0, 1);
  v.setBar(0, Array.from({ length: 8 }, (_, i) => ({ pitch: 60 + i, velocity: 90, start: i * 12, duration: 10 })));
  player.startAt(v, 0);
  for (let tick = 0; tick < 400; tick++) out.onTick(tick, scheduler.now(), 20);
  out.halt();
  notes.panic();
}
