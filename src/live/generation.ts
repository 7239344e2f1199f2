// Turns a generation request into a Variant that fills bar by bar as the model streams.
// The worker runs one request at a time, in order. A newer next-variant request supersedes an older
// one, but never the first variant: the loop that is starting to play keeps getting its bars.
import type { SamplerSettings } from '../sampling/types.ts';
import { Variant } from '../loop/variant.ts';
import { barToNotes, type LiveGenerator, type LiveTokenizer } from './tokens.ts';

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
    private generator: LiveGenerator,
    private tok: LiveTokenizer,
    private onProgress: (job: VariantJob) => void,
    private onError: (err: Error) => void,
    rngSeed = 1,
  ) {
    this.rng = rngSeed;
  }

  get busy(): boolean {
    return this.live.size > 0;
  }

  start(
    mode: VariantJob['mode'],
    contextIds: number[],
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
      .generate({ seedIds: contextIds, bars, sampler, rngSeed, candidates }, (e) => {
        if (!this.live.has(job)) return;
        if (e.type === 'token') {
          job.tokens = e.count;
        } else if (e.type === 'bar') {
          variant.ids.push(...e.ids);
          variant.setBar(e.index, barToNotes(this.tok, e.ids));
        } else return;
        this.onProgress(job);
      })
      .then(
        (result) => {
          if (!this.live.has(job)) return null;
          this.live.delete(job);
          // With several candidates the kept one may differ from what streamed: rebuild from the result.
          if (result.ids.length && result.ids.join() !== variant.ids.join()) {
            const fixed = new Variant(variant.id, bars, ticksPerBar);
            splitBars(this.tok, result.ids).forEach((ids, i) => {
              fixed.ids.push(...ids);
              fixed.setBar(i, barToNotes(this.tok, ids));
            });
            job.variant = fixed;
          }
          // Bars the model never finished play as silence: the loop still has its length.
          for (let i = 0; i < bars; i++) job.variant.setBar(i, []);
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

/** Split generated ids into bars at each Bar token. */
export function splitBars(tok: LiveTokenizer, ids: number[]): number[][] {
  const bars: number[][] = [];
  for (const id of ids) {
    if (tok.typeOf(id) === 'Bar' || !bars.length) bars.push([]);
    bars[bars.length - 1].push(id);
  }
  return bars;
}
