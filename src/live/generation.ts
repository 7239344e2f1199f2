// Turns a generation request into a Variant that fills bar by bar as the model streams.
// One generation at a time (one worker); a newer request cancels an older one.
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
  private active: VariantJob | null = null;
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

  get busy(): VariantJob | null {
    return this.active;
  }

  start(
    mode: VariantJob['mode'],
    contextIds: number[],
    bars: number,
    sampler: SamplerSettings,
    candidates = 1,
    ticksPerBar = 96,
  ): VariantJob {
    this.cancel();
    const variant = new Variant(this.nextId++, bars, ticksPerBar);
    const job: VariantJob = { variant, mode, tokens: 0, done: Promise.resolve(null) };
    this.active = job;
    const rngSeed = this.rng++;
    job.done = this.generator
      .generate({ seedIds: contextIds, bars, sampler, rngSeed, candidates }, (e) => {
        if (this.active !== job) return;
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
          if (this.active !== job) return null;
          this.active = null;
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
          if (this.active === job) {
            this.active = null;
            this.onError(err instanceof Error ? err : new Error(String(err)));
          }
          return null;
        },
      );
    return job;
  }

  cancel(): void {
    if (!this.active) return;
    this.active = null;
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
