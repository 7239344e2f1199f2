import type { LoopNote } from '../loop/variant.ts';
import type { SamplerSettings } from '../sampling/types.ts';
import type { Score } from '../types.ts';

/** One request to the generation worker: continue `seedIds` by exactly `bars` bars. */
export interface GenerateRequest {
  seedIds: number[]; // token ids of the seed, starting with BOS and ending right before a Bar token
  bars: number; // bars to generate (8 by default)
  sampler: SamplerSettings;
  rngSeed: number; // same seed + same request = same loop
  candidates: number; // K variants, the best-looping one is kept
  maxBarTokens?: number; // a bar this long ends at its next complete note (default and maximum: limits.ts)
}

/** Streamed while generating, so the live loop can queue a bar the moment it is complete. */
export type GenerateEvent =
  | { type: 'token'; id: number; count: number; candidate?: number } // candidate: row index when K > 1
  | { type: 'bar'; index: number; ids: number[]; candidate?: number } // ids of one finished bar, from its Bar token on
  | { type: 'done'; result: GenerateResult };

export interface GenerateResult {
  ids: number[]; // the generated bars only (no seed), starting with a Bar token
  bars: number;
  tokens: number;
  ms: number;
  loopScore: number | null; // mean log-prob of the first bar after the last bar; higher loops better
  candidates: { loopScore: number; tokens: number }[];
  provider: string; // execution provider that ran it
  // Absent only from test doubles:
  seedBars?: number; // bars in the seed (all of them primed the samplers)
  seedBarsUsed?: number; // the seed's last bars the model saw in its first window (fewer: the seed outgrew the context)
  rolls?: number; // times a row's context rolled (oldest bars dropped, the rest prefilled again)
  style?: string | null; // the style token the model was given after BOS (null: none asked, or the model has none)
}

/** The ids a finished loop continues from ('mutate'). Opaque to the timing thread: it only hands them back. */
export interface LoopContext {
  readonly ids: readonly number[];
}

/** A live loop request: the generation side encodes the seed (or the loop's context) and decodes bars. */
export interface LoopRequest {
  from: { seed: Score; bars: number } | { loop: LoopContext }; // a captured seed (its bars), or a loop to continue
  bars: number;
  sampler: SamplerSettings;
  rngSeed: number;
  candidates: number;
}

/** Streamed back: progress, and each finished bar as notes in clock ticks (relative to the bar). */
export type LoopEvent =
  | { type: 'token'; count: number }
  | { type: 'bar'; index: number; notes: LoopNote[] };

export interface LoopResult {
  /** Every bar of the kept candidate when it differs from what streamed (best of K), else null. */
  rebuilt: LoopNote[][] | null;
  context: LoopContext;
  loopScore: number | null;
  tokens: number;
}
