// The output side of the bridge: the loop player (which variant sounds at a tick), LoopOutput (when
// each event leaves, with the latency offset) and NoteOutput (every note-on gets its off). One owner
// for the three, so the engine says what happens (a tick, a stop, a panic), not how notes are undone.
import type { Scheduler } from '../clock/scheduler.ts';
import type { MidiMessage } from '../midi/codec.ts';
import type { MidiOutPort } from '../midi/transport.ts';
import type { PlayedMessage } from '../routing/router.ts';
import { LoopPlayer, type PlayerHooks } from '../loop/player.ts';
import { NoteOutput } from '../loop/notes.ts';
import { LoopOutput, warmUpPlayback } from './output.ts';

export class Playback {
  readonly player: LoopPlayer;
  private notes: NoteOutput;
  private out: LoopOutput;
  private reported = false;

  /** `onLost`: the output port failed (told once; its notes are forgotten: it cannot hear offs). */
  constructor(
    scheduler: Scheduler,
    port: MidiOutPort,
    hooks: PlayerHooks,
    private opts: { channel: number; latencyMs: number; onSent?: (m: MidiMessage) => void; onLost?: (err: Error) => void },
  ) {
    this.notes = new NoteOutput(port, opts.onSent);
    this.player = new LoopPlayer(hooks);
    this.out = new LoopOutput(scheduler, this.player, this.notes, opts.channel - 1, opts.latencyMs);
    warmUpPlayback(scheduler);
  }

  get stats(): { notesOut: number; hanging: number } {
    return { notesOut: this.notes.notesOut, hanging: this.notes.hanging };
  }
  /** Tick `tick` arrived at `timeMs`: the loop's events for it go out. */
  onTick(tick: number, timeMs: number, msPerTick: number): void {
    this.out.onTick(tick, timeMs, msPerTick);
    if (this.notes.lost && !this.reported) {
      this.reported = true;
      this.out.halt();
      this.opts.onLost?.(this.notes.lost);
    }
  }

  /** Transport stopped, jumped or changed source: drop queued sends, silence everything. */
  halt(): void {
    this.out.halt();
  }

  /** Start from the top: the playing loop restarts at `tick` (silent until then). */
  restartAt(tick: number): void {
    this.out.halt();
    if (this.player.current) this.player.origin = tick;
  }

  /** Offs for what we know, then All Notes Off on all 16 channels. */
  panic(): void {
    this.out.halt();
    this.notes.panic();
  }

  /** Forget the loop (re-arm). */
  reset(): void {
    this.out.halt();
    this.player.reset();
  }

  /** Exit: every sounding note gets its off, now. */
  stop(): void {
    this.out.halt();
    this.notes.allOff();
  }

  setChannel(channel: number): void {
    this.out.setChannel(channel - 1);
  }

  setLatency(ms: number): void {
    this.out.latencyMs = ms;
  }

  /** --thru: a played note, out on the loop's channel; NoteOutput makes sure its off follows. */
  thru(m: PlayedMessage): void {
    if (m.type === 'noteOn') this.notes.noteOn(this.out.channel, m.note, m.velocity);
    else if (m.type === 'noteOff') this.notes.noteOff(this.out.channel, m.note);
  }

  setVelocity(percent: number): void {
    this.out.velocityPercent = percent;
  }

  /** Muted, the loop plays on silently (so it comes back on the grid); what sounds ends now. */
  setMuted(on: boolean): void {
    this.out.setMuted(on);
  }

  /** The clock tick of the loop events going out now, if any (a latency offset only moves the sound). */
  get sendingTick(): number | null {
    return this.out.sendingTick;
  }

  /** Program and bank changes for a hardware synth. */
  send(m: MidiMessage): void {
    this.notes.send(m);
  }

  /** Clock out (when seedloop is the clock master). */
  sendClock(m: MidiMessage): void {
    this.notes.send(m);
  }
}
