// Turns a generation request into a Variant that fills bar by bar as the model streams notes.
// The worker runs one request at a time, in order. A newer next-variant request supersedes an older
// one, but never the first variant: the loop that is starting to play keeps getting its bars.
// No tokens here: the generation side encodes the seed and decodes each bar.
import type { LoopEvent, LoopRequest, LoopResult } from '../model/types.ts';
import type { SamplerSettings } from '../sampling/types.ts';
import { Variant } from '../loop/variant.ts';

/** What the live bridge needs from the generation side (the worker's Generator, or an in-thread double). */
export interface LoopGenerator {
  loop(req: LoopRequest, onEvent?: (e: LoopEvent) => void): Promise<LoopResult>;
  cancel(): void; // stop the running request (queued ones still run)
  close(): void | Promise<void>;
  readonly provider: string;
  readonly manifest?: { name?: string };
  readonly gridPerBeat: number; // the tokenizer's positions per beat: the seed is captured on this grid
}

export interface VariantJob {
  variant: Variant;
  mode: 'first' | 'regenerate' | 'mutate';
  tokens: number;
  done: Promise<Variant | null>; // null when cancelled or failed
}

export class VariantMaker {
  private live = new Set<VariantJob>();
  private nextId = 1;
  private rng: number;

  constructor(
    private generator: LoopGenerator,
    private onProgress: (job: VariantJob) => void,
    private onError: (err: Error) => void,
    rngSeed = 1,
  ) {
    this.rng = rngSeed;
  }

  start(
    mode: VariantJob['mode'],
    from: LoopRequest['from'], // the seed, or the context of the loop to continue
    bars: number,
    sampler: SamplerSettings,
    candidates: number,
    ticksPerBar: number, // the meter's bar in clock ticks: the variant is bars * this long
  ): VariantJob {
    this.supersede(mode === 'first');
    const variant = new Variant(this.nextId++, bars, ticksPerBar);
    const job: VariantJob = { variant, mode, tokens: 0, done: Promise.resolve(null) };
    this.live.add(job);
    const rngSeed = this.rng++;
    job.done = this.generator
      .loop({ from, bars, sampler, rngSeed, candidates }, (e) => {
        if (!this.live.has(job)) return;
        if (e.type === 'token') job.tokens = e.count;
        else variant.setBar(e.index, e.notes);
        this.onProgress(job);
      })
      .then(
        (result) => {
          if (!this.live.has(job)) return null;
          this.live.delete(job);
          // With several candidates the kept one may differ from what streamed: rebuild from the result.
          if (result.rebuilt) {
            const fixed = new Variant(variant.id, bars, ticksPerBar);
            result.rebuilt.forEach((notes, i) => fixed.setBar(i, notes));
            job.variant = fixed;
          }
          // Bars the model never finished play as silence: the loop still has its length.
          for (let i = 0; i < bars; i++) job.variant.setBar(i, []);
          job.variant.context = result.context;
          job.variant.loopScore = result.loopScore;
          job.tokens = result.tokens;
          this.onProgress(job);
          return job.variant;
        },
        (err: unknown) => {
          if (this.live.has(job)) {
            this.live.delete(job);
            this.onError(err instanceof Error ? err : new Error(String(err)));
          }
          return null;
        },
      );
    return job;
  }

  /** Drop pending next-variant jobs (all jobs when `all`); stop the worker if it runs one of them. */
  private supersede(all: boolean): void {
    const firstLive = [...this.live].some((j) => j.mode === 'first');
    let dropped = false;
    for (const job of [...this.live]) {
      if (all || job.mode !== 'first') {
        this.live.delete(job);
        dropped = true;
      }
    }
    // The worker runs requests in order: while the first variant is live, it is the one running.
    if (dropped && (all || !firstLive)) this.stopWorker();
  }

  /** Forget every job (re-arm, quit). */
  cancel(): void {
    const any = this.live.size > 0;
    this.live.clear();
    if (any) this.stopWorker();
  }

  private stopWorker(): void {
    try {
      this.generator.cancel();
    } catch {
      // nothing to cancel
    }
  }
}
