// The tokenizer's private, mutable copy of a Score (symusic-like field names), and tick arithmetic.
import type { Score } from '../types.ts';
import { UserError } from '../errors.ts';

export interface PNote { time: number; duration: number; pitch: number; velocity: number }
export interface PPedal { time: number; duration: number }
export interface PTrack { program: number; isDrum: boolean; notes: PNote[]; pedals: PPedal[] }
export interface PTimeSig { time: number; num: number; den: number }
export interface PTempo { time: number; mspq: number }
export interface PScore { tpq: number; tempos: PTempo[]; timeSignatures: PTimeSig[]; tracks: PTrack[] }
/** Rows of [sectionEndTick, value], as MidiTok's (N, 2) numpy arrays. */
export type Sections = [number, number][];

const isTick = (x: number) => Number.isInteger(x) && x >= 0;

/** Refuse what MidiTok could never have been given: fractional or negative ticks, bad pitches. */
function checkScore(score: Score): void {
  if (!Number.isInteger(score.ticksPerQuarter) || score.ticksPerQuarter <= 0) {
    throw new UserError(`score ticksPerQuarter must be a positive integer, got ${score.ticksPerQuarter}`);
  }
  for (const tr of score.tracks) {
    for (const n of tr.notes) {
      if (!isTick(n.start) || !isTick(n.duration)) throw new UserError(`note at ${n.start} (duration ${n.duration}): ticks must be integers >= 0`);
      if (!Number.isInteger(n.pitch) || n.pitch < 0 || n.pitch > 127) throw new UserError(`note pitch ${n.pitch} is not a MIDI note number (0-127)`);
      if (!Number.isInteger(n.velocity) || n.velocity < 1 || n.velocity > 127) throw new UserError(`note velocity ${n.velocity} is not 1-127`);
    }
    for (const p of tr.pedals ?? []) if (!isTick(p.start) || !isTick(p.duration)) throw new UserError(`pedal at ${p.start}: ticks must be integers >= 0`);
  }
  for (const t of score.tempos) if (!isTick(t.tick) || !(t.bpm > 0)) throw new UserError(`tempo ${t.bpm} bpm at tick ${t.tick} is invalid`);
  for (const t of score.timeSignatures) {
    if (!isTick(t.tick) || !(t.numerator > 0) || !(t.denominator > 0)) throw new UserError(`time signature ${t.numerator}/${t.denominator} at tick ${t.tick} is invalid`);
  }
}

/** Private, validated copy of a Score (pitches outside the tokenizer's range are dropped later, as MidiTok does). */
export function toPScore(score: Score): PScore {
  checkScore(score);
  return {
    tpq: score.ticksPerQuarter,
    tempos: score.tempos.map((t) => ({ time: t.tick, mspq: Math.round(60000000 / t.bpm) })),
    timeSignatures: score.timeSignatures.map((t) => ({ time: t.tick, num: t.numerator, den: t.denominator })),
    tracks: score.tracks.map((tr) => ({
      program: tr.program,
      isDrum: tr.isDrum,
      notes: tr.notes.map((n) => ({ time: n.start, duration: n.duration, pitch: n.pitch, velocity: n.velocity })),
      pedals: (tr.pedals ?? []).map((p) => ({ time: p.start, duration: p.duration })),
    })),
  };
}

/** symusic's Score.end(): the last tick of any note, pedal or global event. */
export function scoreEnd(s: PScore): number {
  let end = 0;
  for (const t of s.tempos) end = Math.max(end, t.time);
  for (const t of s.timeSignatures) end = Math.max(end, t.time);
  for (const tr of s.tracks) {
    for (const n of tr.notes) end = Math.max(end, n.time + n.duration);
    for (const p of tr.pedals) end = Math.max(end, p.time + p.duration);
  }
  return end;
}

export const ticksPerBeat = (den: number, tpq: number): number => (den === 4 ? tpq : Math.trunc(tpq * (4 / den)));
export const ticksPerBar = (ts: { num: number; den: number }, tpq: number): number => Math.trunc(ticksPerBeat(ts.den, tpq) * ts.num);
