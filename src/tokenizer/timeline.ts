// Time-signature sections: MidiTok delays time signatures to bar starts, and quantizes times and
// durations per section of equal ticks-per-beat.
import type { RemiConfig } from './config.ts';
import { rint, searchLeft } from './numeric.ts';
import { scoreEnd, ticksPerBar, ticksPerBeat, type PScore, type PTimeSig, type Sections } from './pscore.ts';

/** Delay time signatures to bar starts and drop redundant ones (MidiTok _preprocess_time_signatures). */
export function preprocessTimeSignatures(ts: PTimeSig[], tpq: number, cfg: RemiConfig): void {
  const same = (a: PTimeSig, b: PTimeSig) => a.num === b.num && a.den === b.den;
  let i = 0;
  let tpBar = ticksPerBar(ts[0], tpq);
  let previousTick = 0;
  while (i < ts.length) {
    if (i >= 1 && same(ts[i], ts[i - 1])) { ts.splice(i, 1); continue; }
    if (i >= 1 && ts[i].time < ts[i - 1].time) ts[i].time = ts[i - 1].time;
    const diff = ts[i].time - previousTick;
    const barOffset = Math.floor(diff / tpBar);
    const rest = diff - barOffset * tpBar;
    if (rest > 0) ts[i].time = previousTick + (barOffset + 1) * tpBar;
    tpBar = ticksPerBar(ts[i], tpq);
    previousTick = ts[i].time;
    if (i >= 1 && ts[i].time === ts[i - 1].time) {
      ts.splice(i - 1, 1);
      if (i >= 2 && same(ts[i - 1], ts[i - 2])) {
        ts.splice(i - 1, 1);
        tpBar = ticksPerBar(ts[i - 2], tpq);
        previousTick = ts[i - 2].time;
        i -= 1;
      }
      continue;
    }
    i += 1;
  }
  if (ts.length > 0) {
    if (cfg.deleteEqualSuccessiveTimeSigChanges && ts[0].num === 4 && ts[0].den === 4) ts[0].time = 0;
    else if (ts[0].time !== 0) ts.unshift({ time: 0, num: 4, den: 4 });
  } else ts.unshift({ time: 0, num: 4, den: 4 });
}

function mergeSections(rows: Sections): Sections {
  for (let i = rows.length - 1; i > 0; i--) {
    if (rows[i][1] === rows[i - 1][1]) { rows[i - 1][0] = rows[i][0]; rows.splice(i, 1); }
  }
  return rows;
}

/** miditok.utils.get_score_ticks_per_beat */
export function scoreTicksPerBeat(s: PScore): Sections {
  const ts = s.timeSignatures;
  const rows: Sections = [];
  for (let i = 0; i < ts.length - 1; i++) rows.push([ts[i + 1].time, ticksPerBeat(ts[i].den, s.tpq)]);
  rows.push([scoreEnd(s) + 1, ticksPerBeat(ts[ts.length - 1].den, s.tpq)]);
  return mergeSections(rows);
}

export function resamplingFactors(s: PScore, maxPos: number): Sections {
  const ts = s.timeSignatures;
  const step = (den: number) => Math.floor(s.tpq / (maxPos * (den / 4)));
  const rows: Sections = [];
  for (let i = 0; i < ts.length - 1; i++) rows.push([ts[i + 1].time, step(ts[i].den)]);
  rows.push([scoreEnd(s) + 1, step(ts[ts.length - 1].den)]);
  return mergeSections(rows);
}

/** Quantize sorted onsets to their time-signature section's grid (MidiTok _adjust_time_to_tpb). */
export function adjustTimes(times: number[], factors: Sections): void {
  const ends = factors.map(([end]) => searchLeft(times, end));
  ends[ends.length - 1] = times.length;
  let first = 0;
  let gridStart = 0;
  factors.forEach(([endTick, step], k) => {
    const last = ends[k];
    if (step !== 1) for (let i = first; i < last; i++) times[i] = rint((times[i] - gridStart) / step) * step + gridStart;
    first = last;
    gridStart = endTick;
  });
}

export function snapToGrid(x: number, start: number, step: number): number {
  return rint((x - start) / step) * step + start;
}
