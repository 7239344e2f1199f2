// Rolling-context sizes. With a rolling context (window.ts) a loop no longer has to fit the model's context;
// what a bar may take is the settings table's row `maxBarTokens`, bounded here by the model's context.
import { settingRow } from '../settings/table.ts';

/** When a row's context is full, its oldest bars are dropped until it holds at most this share of the context. */
export const KEEP_ON_ROLL = 0.75;

/**
 * How a row rolls: `keep`, the share of the context a rolled window holds at most; `anchor`, the share of the
 * context the seed's last whole bars may take, pinned behind BOS in every rolled window (0: none).
 */
export interface RollPolicy {
  keep: number;
  anchor: number;
}

export const ROLL_POLICY: RollPolicy = { keep: KEEP_ON_ROLL, anchor: 0 };

/**
 * Tokens a bar may take with this model: the table's maximum, and at most a third of the context. A row that
 * stops to score must hold BOS, its last bar and all of its first bar at once (a bar may run up to 3 tokens
 * past its cap, to finish a note), and while writing, a window keeps at least 40% of the context besides the
 * bar being written.
 */
export function barTokenLimit(contextLength: number): number {
  return Math.min(settingRow('maxBarTokens').max, Math.floor(contextLength / 3));
}
