// Builds the sampler chain for one loop: grammar -> bar budget -> musical controls (key, register, density,
// motif; those switched on) -> shaping samplers (configured order) -> draw.
import { barBudget, type BarBudget } from './barBudget.ts';
import { grammarSampler, type GrammarSampler } from './grammar.ts';
import { musicalSamplers } from './musical/index.ts';
import { seededRng } from './rng.ts';
import { chain, dist, minP, repetitionPenalty, type Sampler, temperature, topK, topP } from './samplers.ts';
import type { TokenTable } from './tokenTable.ts';
import { DEFAULT_ORDER, type SamplerSettings, type SamplerStage } from './types.ts';

export interface LoopSampler extends Sampler {
  accept(id: number): void;
  samplers: Sampler[];
  grammar: GrammarSampler;
  budget: BarBudget;
  /** Show the seed to the samplers that steer by it, then feed it through the stateful ones, except the bar budget. */
  prime(ids: number[]): void;
}

export interface LoopSamplerOptions {
  table: TokenTable;
  settings: SamplerSettings;
  bars: number;
  maxTokensPerBar: number;
  rngSeed: number;
  timeSigId?: number; // pin the loop to this meter
}

export function shapingSampler(stage: SamplerStage, s: SamplerSettings, table: TokenTable): Sampler {
  switch (stage) {
    case 'repetitionPenalty':
      return repetitionPenalty(s.repetitionPenalty, (id) => table.types[id] === 'Pitch');
    case 'temperature':
      return temperature(s.temperature);
    case 'topK':
      return topK(s.topK);
    case 'topP':
      return topP(s.topP);
    case 'minP':
      return minP(s.minP);
  }
}

export function loopSampler(o: LoopSamplerOptions): LoopSampler {
  const grammar = grammarSampler(o.table, { timeSigId: o.timeSigId });
  const budget = barBudget(o.table, o.bars, o.maxTokensPerBar);
  const shaping = (o.settings.order ?? DEFAULT_ORDER).map((stage) => shapingSampler(stage, o.settings, o.table));
  const musical = musicalSamplers(o.table, o.settings, o.bars);
  const whole = chain([grammar, budget, ...musical, ...shaping, dist(seededRng(o.rngSeed))]);
  return {
    ...whole,
    grammar,
    budget,
    prime(ids) {
      for (const s of whole.samplers) s.seed?.(ids);
      for (const id of ids) for (const s of whole.samplers) if (s !== budget) s.accept?.(id);
    },
  };
}
