// The loop actions (the TUI's keys, learned pads and buttons): what each does to the parts that own
// the state. The engine answers to them by name (LoopActions) and adds quit, its own.
import type { LoopActions } from './commands.ts';
import type { EngineParts } from './parts.ts';

export class PartsLoopActions implements Omit<LoopActions, 'quit'> {
  constructor(
    private readonly parts: EngineParts,
    private readonly outputName: string,
    private readonly status: (level: 'info', message: string) => void,
  ) {}

  requestVariant(mode: 'regenerate' | 'mutate'): void {
    this.parts.variants.request(mode, true);
  }

  hold(on?: boolean): void {
    if (this.parts.controls.hold(on)) this.parts.variants.dropWaiting();
  }

  thru(on?: boolean): void {
    const router = this.parts.inputs.router;
    router.thru = on ?? !router.thru;
    this.status('info', router.thru ? `thru on: what you play goes to "${this.outputName}" while a seed is played in` : 'thru off');
  }

  panic(): void {
    const { playback, controls, performance } = this.parts;
    playback.panic();
    controls.mute(true);
    playback.setMuted(true);
    performance.sendProgram();
    this.status('info', 'panic: all notes off on all channels; muted until un-muted');
  }

  mute(on?: boolean): void {
    const muted = this.parts.controls.mute(on);
    this.parts.playback.setMuted(muted);
    this.status('info', muted ? 'muted: the loop runs on silently' : 'un-muted');
  }

  rearm(): void {
    const { groove, variants, playback, seeds } = this.parts;
    groove.reset();
    variants.reset();
    playback.reset();
    seeds.rearm();
    this.status('info', 'armed: play a seed');
  }
}
