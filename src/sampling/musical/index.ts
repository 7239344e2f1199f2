// The musical samplers a loop's chain runs after the grammar and bar budget, in this order: key lock and
// register (masks), density and motif (biases). Each is built only when its setting is on, and only for a
// model whose ids are base ids (no BPE).
import type { Sampler } from '../samplers.ts';
import type { TokenTable } from '../tokenTable.ts';
import { density } from './density.ts';
import { keyLock } from './key.ts';
import { motif } from './motif.ts';
import { register } from './register.ts';
import { musicalDefaults, type MusicalSettings } from './settings.ts';

export function musicalSamplers(table: TokenTable, s: MusicalSettings): Sampler[] {
  if (table.pieces) return []; // they read base ids (Pitch_n, Position_n); a BPE model's merged ids are not mapped yet
  const d = musicalDefaults();
  const m = {
    key: s.key ?? d.key,
    keyStrength: s.keyStrength ?? d.keyStrength,
    density: s.density ?? d.density,
    register: s.register ?? d.register,
    motif: s.motif ?? d.motif,
  };
  const out: Sampler[] = [];
  if (m.key !== 'off' && m.keyStrength > 0) out.push(keyLock(table, m.key, m.keyStrength));
  if (m.register >= 0) out.push(register(table, m.register));
  if (m.density > 0) out.push(density(table, Math.max(0.5, m.density))); // the table's ladder starts at 0.5 after 0 (off)
  if (m.motif > 0) out.push(motif(table, m.motif));
  return out;
}

export type { MusicalSettings } from './settings.ts';
export { transposeIds } from './transpose.ts';
