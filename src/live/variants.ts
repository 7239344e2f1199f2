// The variant lifecycle: the first variant of a seed, the next one (asked for, or made in the
// background while a loop plays), and the one waiting for its turn. Owns those jobs; the player
// decides the tick a variant takes over, this decides which variant it is handed.
import type { Scheduler } from '../clock/scheduler.ts';
import type { LoopPlayer } from '../loop/player.ts';
import type { Variant } from '../loop/variant.ts';
import type { SamplerSettings } from '../sampling/types.ts';
import type { CapturedSeed } from './capture.ts';
import { VariantMaker, type LoopGenerator, type VariantJob } from './generation.ts';

/** What the next request is made of, read when it starts (so a changed setting applies to the next variant). */
export interface VariantParams {
  bars: number;
  sampler: SamplerSettings;
  candidates: number;
  hold: boolean;
  changeEvery: number; // without hold, a fresh variant takes over after this many passes (0 = only on request)
  ticksPerBar: number;
}

export interface VariantsOptions {
  generator: LoopGenerator;
  player: LoopPlayer;
  scheduler: Scheduler;
  params: () => VariantParams;
  rngSeed: number;
  onChange: () => void;
  onError: (err: Error) => void;
}

export class Variants {
  private maker: VariantMaker;
  private seed: CapturedSeed | null = null;
  private firstJob: VariantJob | null = null;
  private nextJob: VariantJob | null = null;
  private waitingVariant: Variant | null = null;
  private passesHere = 0; // passes the playing variant has made

  constructor(private opts: VariantsOptions) {
    this.maker = new VariantMaker(opts.generator, () => opts.onChange(), opts.onError, opts.rngSeed);
  }

  get first(): VariantJob | null {
    return this.firstJob;
  }
  get next(): VariantJob | null {
    return this.nextJob;
  }
  get waiting(): Variant | null {
    return this.waitingVariant;
  }

  /** A seed was captured: its first variant starts on the first bar line after it where bar 0 is ready,
   * or, given a `fill` (the seed as a loop), on the seed's end, the fill standing in for bars not made yet. */
  start(seed: CapturedSeed, fill: Variant | null = null): void {
    this.seed = seed;
    const job = (this.firstJob = this.make('first', 1));
    const { player } = this.opts;
    player.startAt(job.variant, seed.endTick, fill);
    void job.done.then((v) => {
      if (this.firstJob === job) this.firstJob = null;
      // With several candidates the kept variant may be a rebuilt one: play that from the next boundary.
      if (v && player.current !== v && player.pending !== v) player.queue(v);
    });
  }

  /** A next variant: queued for the next loop line when asked for (`manual`), else it waits for its pass. */
  request(mode: 'regenerate' | 'mutate', manual: boolean): void {
    if (manual) this.waitingVariant = null;
    if (!this.seed) return;
    const job = (this.nextJob = this.make(mode, this.opts.params().candidates));
    void job.done.then((v) => {
      if (this.nextJob === job) this.nextJob = null;
      if (!v) return;
      if (manual) this.opts.player.queue(v);
      else if (!this.opts.params().hold) this.waitingVariant = v;
      this.opts.onChange();
    });
  }

  private make(mode: VariantJob['mode'], candidates: number): VariantJob {
    const { bars, sampler, ticksPerBar } = this.opts.params();
    const loop = this.opts.player.current;
    const from = mode === 'mutate' && loop?.context ? { loop: loop.context as { ids: number[] } } : { seed: this.seed!.score, bars: this.seed!.bars };
    return this.maker.start(mode, from, bars, sampler, candidates, ticksPerBar);
  }

  /** The player swapped a variant in: its passes count from here, and a fresh one is prepared. */
  onSwap(): void {
    this.passesHere = 0;
    this.prepare();
  }

  /** Without hold and with changeEvery > 0, a fresh variant is made in the background while this one plays. */
  prepare(): void {
    const { hold, changeEvery } = this.opts.params();
    if (hold || changeEvery <= 0 || this.nextJob || this.waitingVariant || !this.opts.player.current) return;
    this.opts.scheduler.at(this.opts.scheduler.now(), () => this.request('regenerate', false));
  }

  /** A pass ended: after `changeEvery` passes of this variant, a waiting one gets its turn. */
  onPassEnd(): void {
    this.passesHere++;
    const { player } = this.opts;
    const { hold, changeEvery } = this.opts.params();
    if (this.waitingVariant && !hold && changeEvery > 0 && this.passesHere >= changeEvery && !player.pending) {
      player.queue(this.waitingVariant);
      this.waitingVariant = null;
    }
  }

  /** Hold on: a waiting variant is dropped. */
  dropWaiting(): void {
    this.waitingVariant = null;
  }

  /** Forget the seed and every variant (re-arm, quit). */
  reset(): void {
    this.maker.cancel();
    this.firstJob = this.nextJob = this.waitingVariant = null;
    this.seed = null;
  }
}
