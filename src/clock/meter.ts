// Bars, beats and ticks: MIDI clock's 24 PPQN and the meter the musician counts in.
/** MIDI clock's 24 PPQN: clock ticks per quarter note. */
export const TICKS_PER_BEAT = 24;

/** The bar the musician counts in. MIDI clock carries no meter, so it comes from the user (--meter). */
export interface Meter {
  beatsPerBar: number; // the numerator
  beatUnit: number; // the denominator: a beat is a 1/beatUnit note (8: an eighth, 12 clock ticks)
}

export const FOUR_FOUR: Meter = { beatsPerBar: 4, beatUnit: 4 };

/** Clock ticks per beat of the meter (a quarter note is TICKS_PER_BEAT). */
export function ticksPerMeterBeat(meter: Meter = FOUR_FOUR): number {
  return (TICKS_PER_BEAT * 4) / meter.beatUnit;
}

export function ticksPerBar(meter: Meter = FOUR_FOUR): number {
  return ticksPerMeterBeat(meter) * meter.beatsPerBar;
}

/** 1-based bar and beat of a tick, for display. */
export function barBeat(tick: number, meter: Meter = FOUR_FOUR): { bar: number; beat: number } {
  const t = Math.max(0, tick);
  const bar = ticksPerBar(meter);
  return { bar: Math.floor(t / bar) + 1, beat: Math.floor((t % bar) / ticksPerMeterBeat(meter)) + 1 };
}

/** "N/D" with N 1-12 and D 2, 4 or 8 (so a bar is a whole number of clock ticks), or null. */
export function parseMeter(text: string): Meter | null {
  const m = /^(\d{1,2})\/(\d)$/.exec(text.trim());
  if (!m) return null;
  const meter = { beatsPerBar: Number(m[1]), beatUnit: Number(m[2]) };
  return meter.beatsPerBar >= 1 && meter.beatsPerBar <= 12 && [2, 4, 8].includes(meter.beatUnit) ? meter : null;
}

export function formatMeter(meter: Meter): string {
  return `${meter.beatsPerBar}/${meter.beatUnit}`;
}
