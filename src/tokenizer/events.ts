// MidiTok's event stream for REMI: global events (TimeSig, Tempo), then per-track note events,
// stably sorted by time, then Bar / Position / Rest time events inserted (REMI._add_time_events).
import type { RemiConfig } from './config.ts';
import type { Tables, TimeTuple } from './tables.ts';
import { PITCH_CLASSES } from './tables.ts';
import { pyFloatStr, pyRound2 } from './numeric.ts';
import type { PNote, PScore, PTrack, Sections } from './pscore.ts';
import { scoreEnd, ticksPerBar, ticksPerBeat } from './pscore.ts';
import { scoreTicksPerBeat } from './timeline.ts';

export interface Event {
  type: string;
  value: string;
  time: number;
  program?: number;
  /** Note end for Pitch events (MidiTok keeps it in `desc`). */
  end?: number;
}

const ev = (type: string, value: string | number, time: number, program?: number, end?: number): Event => ({
  type, value: String(value), time, program, end,
});

/** One event list per token sequence (one per track, or a single one for one_token_stream). */
export function scoreToEvents(score: PScore, cfg: RemiConfig, t: Tables): Event[][] {
  const globals: Event[] = [];
  if (cfg.useTimeSignatures) for (const ts of score.timeSignatures) globals.push(ev('TimeSig', `${ts.num}/${ts.den}`, ts.time));
  if (cfg.useTempos) for (const tp of score.tempos) globals.push(ev('Tempo', pyFloatStr(pyRound2(60000000 / tp.mspq)), tp.time));
  const tpb: Sections = cfg.useTimeSignatures && score.timeSignatures.length > 0
    ? scoreTicksPerBeat(score)
    : [[scoreEnd(score), t.timeDivision]];
  const byTime = (a: Event, b: Event) => a.time - b.time; // Array.prototype.sort is stable, as Python's
  let seqs: Event[][];
  if (cfg.oneTokenStreamForPrograms) {
    const all = [...globals];
    for (const tr of score.tracks) all.push(...trackEvents(tr, tpb, cfg, t));
    all.sort(byTime);
    seqs = [all];
  } else if (score.tracks.length === 0) {
    seqs = [[...globals].sort(byTime)];
  } else {
    seqs = score.tracks.map((tr) => [...globals, ...trackEvents(tr, tpb, cfg, t)].sort(byTime));
  }
  return seqs.map((events) => addTimeEvents(events, score.tpq, cfg, t));
}

function durationValue(note: { time: number; duration: number }, tpb: Sections, t: Tables): string {
  let k = 0;
  while (note.time >= tpb[k][0]) {
    k++;
    if (k >= tpb.length) throw new Error('note beyond the score end');
  }
  const v = t.tpbTicksToTokens.get(tpb[k][1])?.get(note.duration);
  if (v === undefined) throw new Error(`duration ${note.duration} has no token at ${tpb[k][1]} ticks per beat`);
  return v;
}

function trackEvents(track: PTrack, tpb: Sections, cfg: RemiConfig, t: Tables): Event[] {
  const program = track.isDrum ? -1 : track.program;
  const useDurations = cfg.useNoteDurationPrograms.has(program);
  const events: Event[] = [];
  if (cfg.useSustainPedals) {
    for (const p of track.pedals) {
      events.push(ev('Pedal', program, p.time, program));
      if (cfg.sustainPedalDuration) events.push(ev('Duration', durationValue(p, tpb, t), p.time, program));
      else events.push(ev('PedalOff', program, p.time + p.duration, program));
    }
  }
  if (cfg.useChords && !track.isDrum) {
    for (const chord of detectChords(track.notes, tpb, cfg, t.firstBeatRes)) {
      if (cfg.usePrograms) events.push(ev('Program', program, chord.time, program));
      events.push({ ...chord, program });
    }
  }
  const pitchType = cfg.usePitchdrumTokens && track.isDrum ? 'PitchDrum' : 'Pitch';
  for (const n of track.notes) {
    const end = n.time + n.duration;
    if (cfg.usePrograms) events.push(ev('Program', program, n.time, program));
    events.push(ev(pitchType, n.pitch, n.time, program, end));
    if (cfg.useVelocities) events.push(ev('Velocity', n.velocity, n.time, program));
    if (useDurations) events.push(ev('Duration', durationValue(n, tpb, t), n.time, program));
  }
  return events;
}

/** miditok.utils.detect_chords (notes sorted by onset). */
function detectChords(notesIn: PNote[], tpb: Sections, cfg: RemiConfig, beatRes: number): Event[] {
  const notes = notesIn.map((n) => [n.pitch, n.time, n.time + n.duration]);
  const limit = 10;
  let k = 0;
  let half = Math.floor(tpb[k][1] / 2);
  let offsetTick = (tpb[k][1] * 1) / beatRes;
  let count = 0;
  let previousTick = -1;
  const chords: Event[] = [];
  while (count < notes.length) {
    if (notes[count][1] === previousTick) { count++; continue; }
    while (notes[count][1] >= tpb[k][0]) {
      k++;
      half = Math.floor(tpb[k][1] / 2);
      offsetTick = (tpb[k][1] * 1) / beatRes;
    }
    let onset = notes.slice(count, count + limit);
    const t0 = onset[0][1];
    onset = onset.filter((n) => n[1] <= t0 + offsetTick);
    const end0 = onset[0][2];
    if (onset.some((n) => Math.abs(n[2] - end0) > half)) { count += onset.length; continue; }
    // MidiTok narrows onset_notes itself here, which also changes how far `count` jumps below.
    if (notes[count][2] - notes[count][1] <= half) onset = onset.filter((n) => n[1] === t0);
    const chord = onset.filter((n) => n[2] - onset[0][2] <= half);
    const map = chord.map((n) => n[0] - chord[0][0]);
    if (map.length >= 3 && map.length <= 5 && map[map.length - 1] <= 24) {
      let quality = `ukn${chord.length}`;
      let unknown = true;
      for (const [q, known] of cfg.chordMaps) {
        if (known.length === map.length && known.every((x, i) => x === map[i])) { quality = q; unknown = false; break; }
      }
      if (cfg.chordUnknown !== null || !unknown) {
        if (cfg.chordTokensWithRootNote) quality = `${PITCH_CLASSES[notes[count][0] % 12]}:${quality}`;
        chords.push(ev('Chord', quality, Math.min(...chord.map((n) => n[1]))));
      }
    }
    previousTick = Math.max(...onset.map((n) => n[1]));
    count += onset.length;
  }
  return chords;
}

/** MidiTok._time_ticks_to_tokens for rests: greedy largest-fitting rest values. */
function restValues(duration: number, tpb: number, t: Tables): [TimeTuple, number][] {
  const bins = t.tpbToRestArray.get(tpb);
  if (!bins) throw new Error(`no rest bins for ${tpb} ticks per beat`);
  const out: [TimeTuple, number][] = [];
  while (duration >= bins[0]) {
    let idx = -1;
    for (let i = 0; i < bins.length; i++) if (bins[i] - duration <= 0) idx = i;
    out.push([t.rests[idx], bins[idx]]);
    duration -= bins[idx];
  }
  return out;
}

const NOTE_END_TYPES = new Set(['Pitch', 'PitchDrum']);
const TIME_END_TYPES = new Set(['Program', 'Tempo', 'TimeSig', 'Pedal', 'PedalOff', 'Chord']);

function addTimeEvents(events: Event[], tpq: number, cfg: RemiConfig, t: Tables): Event[] {
  const out: Event[] = [];
  let currentBar = -1;
  let barAtLastTs = 0;
  let previousTick = -1;
  let previousNoteEnd = 0;
  let tickAtLastTs = 0;
  let tickAtCurrentBar = 0;
  let ts = { num: 4, den: 4 };
  if (cfg.useTimeSignatures) {
    const first = events.find((e) => e.type === 'TimeSig');
    if (first) ts = parseTimeSig(first.value);
  }
  let tpBar = ticksPerBar(ts, tpq);
  let tpBeat = ticksPerBeat(ts.den, tpq);
  let tpPos = Math.floor(tpBeat / t.maxNumPosPerBeat);
  const minRest = cfg.useRests ? (tpb: number) => t.tpbToRestArray.get(tpb)![0] : () => 0;

  const addBars = (until: number, type: string) => {
    const n = barAtLastTs + Math.floor((until - tickAtLastTs) / tpBar) - currentBar;
    for (let i = 0; i < n; i++) {
      currentBar += 1;
      tickAtCurrentBar = tickAtLastTs + (currentBar - barAtLastTs) * tpBar;
      out.push(ev('Bar', 'None', tickAtCurrentBar));
      if (cfg.useTimeSignatures && !(type === 'TimeSig' && i + 1 === n)) {
        out.push(ev('TimeSig', `${ts.num}/${ts.den}`, tickAtCurrentBar));
      }
    }
  };

  for (const e of events) {
    if (e.time !== previousTick) {
      if (cfg.useRests && e.time - previousNoteEnd >= minRest(tpBeat)) {
        previousTick = Math.max(previousNoteEnd, previousTick);
        for (const [value, ticks] of restValues(e.time - previousTick, tpBeat, t)) {
          out.push(ev('Rest', value.join('.'), previousTick));
          previousTick += ticks;
        }
        const realBar = barAtLastTs + Math.floor((previousTick - tickAtLastTs) / tpBar);
        if (realBar > currentBar) {
          if (currentBar === -1) currentBar = 0;
          tickAtCurrentBar += (realBar - currentBar) * tpBar;
          currentBar = realBar;
        }
      }
      addBars(e.time, e.type);
      if (e.type !== 'TimeSig') {
        out.push(ev('Position', Math.floor((e.time - tickAtCurrentBar) / tpPos), e.time));
      }
      previousTick = e.time;
    }
    if (e.type === 'TimeSig') {
      barAtLastTs += Math.floor((e.time - tickAtLastTs) / tpBar);
      tickAtLastTs = e.time;
      ts = parseTimeSig(e.value);
      tpBar = ticksPerBar(ts, tpq);
      tpBeat = ticksPerBeat(ts.den, tpq);
      tpPos = Math.floor(tpBeat / t.maxNumPosPerBeat);
      previousTick -= 1; // forces a Position token for the next event
    }
    out.push(e);
    if (NOTE_END_TYPES.has(e.type)) previousNoteEnd = Math.max(previousNoteEnd, e.end!);
    else if (TIME_END_TYPES.has(e.type)) previousNoteEnd = Math.max(previousNoteEnd, e.time);
  }
  return out;
}

export function parseTimeSig(value: string): { num: number; den: number } {
  const [num, den] = value.split('/').map(Number);
  return { num, den };
}
