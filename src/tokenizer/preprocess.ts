// MidiTok's preprocess_score for REMI: resample to the grid, fix time signatures, bin velocities
// and durations, drop what the vocabulary cannot hold. Works on a private copy of the Score.
import type { RemiConfig } from './config.ts';
import type { Tables } from './tables.ts';
import { closest, roundHalfAway } from './numeric.ts';
import { scoreEnd, type PNote, type PPedal, type PScore, type PTempo, type PTimeSig, type PTrack, type Sections } from './pscore.ts';
import { adjustTimes, preprocessTimeSignatures, resamplingFactors, scoreTicksPerBeat, snapToGrid } from './timeline.ts';

export function preprocessScore(input: PScore, cfg: RemiConfig, t: Tables): PScore {
  let tsList = input.timeSignatures.map((x) => ({ ...x }));
  let newTpq: number;
  if (cfg.useTimeSignatures) {
    tsList = tsList.filter((x) => t.timeSignatures.some(([n, d]) => n === x.num && d === x.den));
    if (tsList.length === 0 || tsList[0].time !== 0) tsList.unshift({ time: 0, num: 4, den: 4 });
    const maxDen = Math.max(...tsList.map((x) => x.den));
    newTpq = Math.trunc((t.maxNumPosPerBeat * maxDen) / 4);
  } else {
    tsList = [{ time: 0, num: 4, den: 4 }];
    newTpq = t.maxNumPosPerBeat;
  }
  const score = resample(input, newTpq, tsList);
  if (cfg.useTimeSignatures && score.timeSignatures.length > 0) preprocessTimeSignatures(score.timeSignatures, score.tpq, cfg);

  const tpb: Sections = cfg.useTimeSignatures && score.timeSignatures.length > 0
    ? scoreTicksPerBeat(score)
    : [[scoreEnd(score), score.tpq]];
  const factors = cfg.useTimeSignatures && new Set(score.timeSignatures.map((x) => x.den)).size > 1
    ? resamplingFactors(score, t.maxNumPosPerBeat)
    : null;

  if (cfg.usePrograms && cfg.oneTokenStreamForPrograms) mergeSameProgramTracks(score.tracks);

  const isEmpty = (tr: PTrack) => tr.notes.length === 0 && (!cfg.useSustainPedals || tr.pedals.length === 0);
  for (let i = score.tracks.length - 1; i >= 0; i--) {
    const tr = score.tracks[i];
    const program = tr.isDrum ? -1 : tr.program;
    if (isEmpty(tr) || (cfg.usePrograms && !cfg.programs.includes(program))) {
      score.tracks.splice(i, 1);
      continue;
    }
    if (tr.notes.length > 0) preprocessNotes(tr, cfg, t, factors, tpb);
    if (cfg.useSustainPedals && tr.pedals.length > 0) tr.pedals = preprocessPedals(tr.pedals, cfg, t, factors, tpb);
    if (isEmpty(tr)) score.tracks.splice(i, 1);
  }
  if (cfg.useTempos) score.tempos = preprocessTempos(score.tempos, cfg, t, factors);
  return score;
}

function resample(s: PScore, newTpq: number, tsList: PTimeSig[]): PScore {
  if (s.tpq === newTpq) {
    return {
      tpq: s.tpq,
      tempos: s.tempos.map((x) => ({ ...x })),
      timeSignatures: tsList,
      tracks: s.tracks.map((tr) => ({ ...tr, notes: tr.notes.map((n) => ({ ...n })), pedals: tr.pedals.map((p) => ({ ...p })) })),
    };
  }
  const f = newTpq / s.tpq;
  const time = (x: number) => roundHalfAway(x * f);
  const dur = (x: number) => Math.max(roundHalfAway(x * f), 1);
  return {
    tpq: newTpq,
    tempos: s.tempos.map((x) => ({ time: time(x.time), mspq: x.mspq })),
    // MidiTok rescales its filtered time signatures itself, truncating (numpy astype int32).
    timeSignatures: tsList.map((x) => ({ ...x, time: Math.trunc(x.time * (newTpq / s.tpq)) })),
    tracks: s.tracks.map((tr) => ({
      program: tr.program,
      isDrum: tr.isDrum,
      notes: tr.notes.map((n) => ({ time: time(n.time), duration: dur(n.duration), pitch: n.pitch, velocity: n.velocity })),
      pedals: tr.pedals.map((p) => ({ time: time(p.time), duration: dur(p.duration) })),
    })),
  };
}

/** Bin durations to the vocabulary's, per ticks-per-beat section of the onsets (MidiTok _adjust_durations). */
function adjustDurations(items: { time: number; duration: number }[], tpb: Sections, t: Tables): void {
  let first: number | null = 0;
  const lastTime = items[items.length - 1].time;
  for (let k = 0; k < tpb.length; k++) {
    const [lastTick, value] = tpb[k];
    let end: number | null;
    if (k + 1 === tpb.length || lastTick > lastTime) end = null;
    else {
      let j: number = first!;
      while (j < items.length && !(items[j].time >= lastTick)) j++;
      end = j === items.length ? first! : j; // numpy argmax of an all-false mask is 0
    }
    const bins = t.tpbToTimeArray.get(value);
    if (!bins) throw new Error(`no duration bins for ${value} ticks per beat`);
    for (let i = first!; i < (end ?? items.length); i++) items[i].duration = closest(bins, items[i].duration);
    first = end;
    if (end === null) break;
  }
}

function preprocessNotes(tr: PTrack, cfg: RemiConfig, t: Tables, factors: Sections | null, tpb: Sections): void {
  const range = tr.isDrum && cfg.usePitchdrumTokens ? cfg.drumsPitchRange : cfg.pitchRange;
  let notes = tr.notes.filter((n) => n.pitch >= range[0] && n.pitch <= range[1]);
  if (notes.length === 0) { tr.notes = []; return; }
  if (cfg.useVelocities) for (const n of notes) n.velocity = closest(t.velocities, n.velocity);
  const program = tr.isDrum ? -1 : tr.program;
  if (factors) {
    const times = notes.map((n) => n.time);
    adjustTimes(times, factors);
    notes.forEach((n, i) => { n.time = times[i]; });
  }
  if (cfg.useNoteDurationPrograms.has(program)) adjustDurations(notes, tpb, t);
  if (cfg.removeDuplicatedNotes) {
    notes.sort((a, b) => a.time - b.time || a.pitch - b.pitch || a.duration - b.duration || a.velocity - b.velocity);
    notes = notes.filter((n, i) => i === 0 || n.time !== notes[i - 1].time || n.pitch !== notes[i - 1].pitch);
  }
  tr.notes = notes;
}

function preprocessPedals(pedals: PPedal[], cfg: RemiConfig, t: Tables, factors: Sections | null, tpb: Sections): PPedal[] {
  const ps = pedals.map((p) => ({ ...p }));
  if (factors && cfg.sustainPedalDuration) {
    const on = ps.map((p) => p.time);
    adjustTimes(on, factors);
    ps.forEach((p, i) => { p.time = on[i]; });
  } else if (factors) {
    // MidiTok quantizes pedal onsets and offsets in their own sections (sustain_pedal_duration is off here).
    const on = ps.map((p) => p.time);
    const off = ps.map((p) => p.time + p.duration);
    adjustTimes(on, factors);
    for (let i = 0; i < off.length; i++) {
      let k = 0;
      while (k < factors.length - 1 && off[i] >= factors[k][0]) k++;
      const start = k === 0 ? 0 : factors[k - 1][0];
      off[i] = snapToGrid(off[i], start, factors[k][1]);
    }
    ps.forEach((p, i) => {
      p.time = on[i];
      let end = off[i];
      if (end <= on[i]) {
        let k = 0;
        while (k < factors.length - 1 && on[i] >= factors[k][0]) k++;
        end = on[i] + factors[k][1];
      }
      p.duration = end - on[i];
    });
  }
  // Merge overlapping pedals into the first of each run (straight port of MidiTok).
  const keep: PPedal[] = [];
  const ends = ps.map((p) => p.time + p.duration);
  const deleted = new Set<number>();
  const overlap = ps.slice(0, -1).map((p, i) => ends[i] >= ps[i + 1].time);
  const idxOverlap = overlap.flatMap((o, i) => (o ? [i] : []));
  let prev = -2;
  for (const idx of idxOverlap) {
    if (idx - prev > 1) {
      let ip = 1;
      while (idx + ip < ps.length && ends[idx] >= ps[idx + ip].time) {
        ps[idx].duration = Math.max(ps[idx].duration, ends[idx + ip] - ps[idx].time);
        ends[idx] = ps[idx].time + ps[idx].duration;
        deleted.add(idx + ip);
        ip++;
      }
    }
    prev = idx;
  }
  ps.forEach((p, i) => { if (!deleted.has(i)) keep.push(p); });
  if (cfg.sustainPedalDuration && keep.length > 0) adjustDurations(keep, tpb, t);
  return keep;
}

function preprocessTempos(tempos: PTempo[], cfg: RemiConfig, t: Tables, factors: Sections | null): PTempo[] {
  const defaultMspq = Math.trunc(60000000 / t.defaultTempo);
  if (tempos.length === 0) return [{ time: 0, mspq: defaultMspq }];
  let ts = tempos.map((x) => ({ time: x.time, mspq: Math.trunc(closest(t.temposMspq, x.mspq)) }));
  if (factors) {
    const times = ts.map((x) => x.time);
    adjustTimes(times, factors);
    ts.forEach((x, i) => { x.time = times[i]; });
  }
  // Keep the last tempo of each tick.
  ts = ts.filter((x, i) => i === ts.length - 1 || ts[i + 1].time !== x.time);
  if (cfg.deleteEqualSuccessiveTempoChanges) ts = ts.filter((x, i) => i === 0 || ts[i - 1].mspq !== x.mspq);
  if (ts.length > 0) {
    if (cfg.deleteEqualSuccessiveTempoChanges && 60000000 / ts[0].mspq === t.defaultTempo) ts[0].time = 0;
    else if (ts[0].time !== 0) ts.unshift({ time: 0, mspq: defaultMspq });
  } else ts.unshift({ time: 0, mspq: defaultMspq });
  return ts;
}

/** miditok.utils.merge_same_program_tracks, notes sorted as symusic sorts (time, duration, pitch, velocity). */
export function mergeSameProgramTracks(tracks: PTrack[]): void {
  const progs = tracks.map((tr) => (tr.isDrum ? -1 : tr.program));
  const unique = [...new Set(progs)].sort((a, b) => a - b);
  const groups = unique.map((p) => progs.flatMap((q, i) => (q === p ? [i] : []))).filter((g) => g.length >= 2);
  if (groups.length === 0) return;
  const toDelete: number[] = [];
  for (const g of [...groups].reverse()) {
    const merged = tracks[g[0]];
    merged.notes = g.flatMap((i) => tracks[i].notes);
    merged.notes.sort(noteOrder);
    merged.pedals = g.flatMap((i) => tracks[i].pedals).sort((a, b) => a.time - b.time || a.duration - b.duration);
    toDelete.push(...g.slice(1));
  }
  toDelete.sort((a, b) => b - a);
  for (const i of toDelete) tracks.splice(i, 1);
}

export function noteOrder(a: PNote, b: PNote): number {
  return a.time - b.time || a.duration - b.duration || a.pitch - b.pitch || a.velocity - b.velocity;
}
