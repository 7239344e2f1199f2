// The musical samplers a loop's chain runs after the grammar and bar budget, in this order: key lock and
// register (masks), then the biases: tonal pull, pitch-class and velocity follow, density, motif, wrap pull.
// Each is built only when its setting is on, and only for a model whose ids are base ids (no BPE).
import type { Sampler } from '../samplers.ts';
import type { TokenTable } from '../tokenTable.ts';
import { density } from './density.ts';
import { followPitchClasses, followVelocities } from './follow.ts';
import { keyLock } from './key.ts';
import { motif } from './motif.ts';
import { register } from './register.ts';
import { musicalDefaults, type MusicalSettings } from './settings.ts';
import { tonal } from './tonal.ts';
import { wrap } from './wrap.ts';

/** `bars`: the loop's length (the wrap pull acts in its last bar). */
export function musicalSamplers(table: TokenTable, s: MusicalSettings, bars: number): Sampler[] {
  if (table.pieces) return []; // they read base ids (Pitch_n, Position_n); a BPE model's merged ids are not mapped yet
  const d = musicalDefaults();
  const m = {
    key: s.key ?? d.key,
    keyStrength: s.keyStrength ?? d.keyStrength,
    density: s.density ?? d.density,
    register: s.register ?? d.register,
    motif: s.motif ?? d.motif,
    tonal: s.tonal ?? d.tonal,
    pitchFollow: s.pitchFollow ?? d.pitchFollow,
    velocityFollow: s.velocityFollow ?? d.velocityFollow,
    wrap: s.wrap ?? d.wrap,
  };
  const out: Sampler[] = [];
  if (m.key !== 'off' && m.keyStrength > 0) out.push(keyLock(table, m.key, m.keyStrength));
  if (m.register >= 0) out.push(register(table, m.register));
  if (m.key !== 'off' && m.tonal > 0) out.push(tonal(table, m.key, m.tonal));
  if (m.pitchFollow > 0) out.push(followPitchClasses(table, m.pitchFollow));
  if (m.velocityFollow > 0) out.push(followVelocities(table, m.velocityFollow));
  if (m.density > 0) out.push(density(table, Math.max(0.5, m.density))); // the table's ladder starts at 0.5 after 0 (off)
  if (m.motif > 0) out.push(motif(table, m.motif));
  if (m.wrap > 0) out.push(wrap(table, bars, m.wrap));
  return out;
}

export type { MusicalSettings } from './settings.ts';
export { transposeIds } from './transpose.ts';
