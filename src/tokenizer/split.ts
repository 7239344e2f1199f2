// Where MidiTok cuts a token sequence into "words" before its learned model encodes it:
// at each bar (or beat) start, as TokSequence.split_per_bars / split_per_beats.
import type { Event } from './events.ts';
import type { PScore } from './pscore.ts';
import { ticksPerBar, ticksPerBeat } from './pscore.ts';

/** miditok.utils._get_max_tick_only_onsets (key signatures, markers and lyrics are not read). */
function maxOnsetTick(s: PScore): number {
  let max = 0;
  if (s.tempos.length) max = Math.max(max, s.tempos[s.tempos.length - 1].time);
  if (s.timeSignatures.length) max = Math.max(max, s.timeSignatures[s.timeSignatures.length - 1].time);
  for (const tr of s.tracks) if (tr.notes.length) max = Math.max(max, tr.notes[tr.notes.length - 1].time);
  return max;
}

/** miditok.utils.get_bars_ticks / get_beats_ticks with only_notes_onsets=True. */
export function unitTicks(s: PScore, unit: 'bar' | 'beat'): number[] {
  const maxTick = maxOnsetTick(s);
  if (maxTick === 0) return [0];
  const sigs = s.timeSignatures.length ? [...s.timeSignatures] : [{ time: 0, num: 4, den: 4 }];
  sigs.push({ time: maxTick + 1, num: 4, den: 4 });
  let cur = sigs[0].time === 0 && sigs[0].den > 0 && sigs[0].num > 0 ? sigs[0] : { time: 0, num: 4, den: 4 };
  const out: number[] = [];
  for (const ts of sigs.slice(1)) {
    if (ts.den <= 0 || ts.num <= 0) continue;
    const step = unit === 'bar' ? ticksPerBar(cur, s.tpq) : ticksPerBeat(cur.den, s.tpq);
    const n = Math.ceil((ts.time - cur.time) / step);
    for (let i = 0; i < n; i++) out.push(cur.time + step * i);
    cur = ts;
  }
  return out;
}

/** [start, end) index ranges of the events, one per bar or beat (TokSequence._split_per_ticks). */
export function barSplits(events: Event[], s: PScore, unit: 'bar' | 'beat'): [number, number][] {
  const ticks = unitTicks(s, unit);
  const idxs = [0];
  let prev = 0;
  for (let bi = 1; bi < ticks.length; bi++) {
    let ti = prev;
    while (ti < events.length && events[ti].time < ticks[bi]) ti++;
    if (ti === events.length) break;
    idxs.push(ti);
    prev = ti;
  }
  idxs.push(events.length);
  const out: [number, number][] = [];
  for (let i = 1; i < idxs.length; i++) out.push([idxs[i - 1], idxs[i]]);
  return out;
}
