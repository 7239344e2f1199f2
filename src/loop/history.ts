// The last N variants, with what made them, so a loop the performer liked can come back. Stepping
// returns the variant to queue: the player swaps it in at its next loop line, as for a new one.
import type { Variant } from './variant.ts';

export interface HistoryEntry<Info> {
  variant: Variant;
  info: Info; // the settings (and seed) it was made with
  favourite: boolean;
}

export class VariantHistory<Info> {
  readonly entries: HistoryEntry<Info>[] = []; // oldest first
  /** The entry the performer is on: the playing one, or the one they stepped to (queued). */
  private cursor = -1;

  constructor(readonly capacity = 16) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new Error(`history size ${capacity}: must be a whole number >= 1`);
  }

  /** A variant became ready to play: keep it (once), newest last. The favourite is never dropped. */
  add(variant: Variant, info: Info): HistoryEntry<Info> {
    const known = this.find(variant);
    if (known) return known;
    const entry = { variant, info, favourite: false };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) {
      const drop = this.entries.findIndex((e) => !e.favourite);
      const target = this.entries[this.cursor];
      this.entries.splice(drop, 1);
      this.cursor = target ? this.entries.indexOf(target) : -1;
    }
    return entry;
  }

  find(variant: Variant | null): HistoryEntry<Info> | undefined {
    return variant ? this.entries.find((e) => e.variant === variant) : undefined;
  }

  /** The player swapped `variant` in: the cursor follows what plays. */
  playing(variant: Variant): void {
    const i = this.entries.findIndex((e) => e.variant === variant);
    if (i >= 0) this.cursor = i;
  }

  /** The variant one step older (-1) or newer (+1) than the cursor, or null at either end. */
  step(delta: -1 | 1): Variant | null {
    const i = this.cursor + delta;
    if (this.cursor < 0 || i < 0 || i >= this.entries.length) return null;
    this.cursor = i;
    return this.entries[i].variant;
  }

  /** Mark `variant` the favourite (there is one; marking it again clears it). Returns the favourite. */
  favourite(variant: Variant | null): HistoryEntry<Info> | null {
    const entry = this.find(variant);
    if (!entry) return this.favouriteEntry();
    const on = !entry.favourite;
    for (const e of this.entries) e.favourite = false;
    entry.favourite = on;
    return on ? entry : null;
  }

  favouriteEntry(): HistoryEntry<Info> | null {
    return this.entries.find((e) => e.favourite) ?? null;
  }

  get position(): number {
    return this.cursor;
  }
}
