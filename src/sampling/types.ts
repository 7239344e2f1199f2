import { SAMPLER_KEYS, settingDefault } from '../settings/table.ts';
import type { StyleName } from '../model/style.ts';
import type { MusicalSettings } from './musical/settings.ts';

/** What a musician tweaks; presets and the TUI edit this, the sampler chain is built from it. */
export interface SamplerSettings extends MusicalSettings {
  temperature: number; // > 0; 1 = the model's own distribution
  topK: number; // 0 = off
  topP: number; // 1 = off
  minP: number; // 0 = off
  repetitionPenalty: number; // 1 = off
  /** Style token after BOS for a model prepared with styles (model/style.ts); absent or 'none': no token. */
  style?: StyleName;
  /** Order of the shaping samplers (grammar and bar budget always run first, the draw last). */
  order?: SamplerStage[];
}

export type SamplerStage = 'repetitionPenalty' | 'temperature' | 'topK' | 'topP' | 'minP';

export const DEFAULT_ORDER: SamplerStage[] = ['repetitionPenalty', 'temperature', 'topK', 'topP', 'minP'];

/** The settings table's defaults for its 'sampler' rows. */
export const DEFAULT_SAMPLER = Object.fromEntries(SAMPLER_KEYS.map((k) => [k, settingDefault(k)])) as unknown as SamplerSettings;
