// REMI tokens back to a Score, following REMI._tokens_to_score and MusicTokenizer.decode.
import type { Score, Track } from '../types.ts';
import type { RemiConfig } from './config.ts';
import type { Tables } from './tables.ts';
import { parseTimeSig } from './events.ts';
import { ticksPerBar } from './pscore.ts';

const FIRST_TS_STOP = new Set(['Pitch', 'PitchDrum', 'Velocity', 'Duration', 'PitchBend', 'ControlChange', 'Pedal']);

interface OutTrack extends Track { pedals: { start: number; duration: number }[] }

export function tokensToScore(seqs: string[][], cfg: RemiConfig, t: Tables): Score {
  const tpq = t.timeDivision;
  const tracks = new Map<number, OutTrack>(); // one_token_stream: by program
  const ordered: OutTrack[] = [];
  const tempos: Score['tempos'] = [];
  const timeSigs: Score['timeSignatures'] = [];
  const newTrack = (prog: number): OutTrack => ({ program: prog === -1 ? 0 : prog, isDrum: prog === -1, notes: [], pedals: [] });
  const trackFor = (prog: number): OutTrack => {
    let tr = tracks.get(prog);
    if (!tr) { tr = newTrack(prog); tracks.set(prog, tr); }
    return tr;
  };

  seqs.forEach((seq, si) => {
    if (si === 0) {
      if (cfg.useTimeSignatures) {
        for (const tok of seq) {
          const [type, value] = tok.split('_');
          if (type === 'TimeSig') { const ts = parseTimeSig(value); timeSigs.push({ tick: 0, numerator: ts.num, denominator: ts.den }); break; }
          if (FIRST_TS_STOP.has(type)) break;
        }
      }
      if (timeSigs.length === 0) timeSigs.push({ tick: 0, numerator: 4, denominator: 4 });
    }
    let cur = timeSigs[timeSigs.length - 1];
    let tpBar = ticksPerBar({ num: cur.numerator, den: cur.denominator }, tpq);
    let tpBeat = t.tpbPerTs.get(cur.denominator)!;
    let tpPos = Math.floor(tpBeat / t.maxNumPosPerBeat);
    let tick = 0;
    let tickAtLastTs = 0;
    let tickAtBar = 0;
    let bar = -1;
    let barAtLastTs = 0;
    let program = 0;
    let previousNoteEnd = 0;
    const activePedals = new Map<number, number>();
    let current: OutTrack | null = null;
    if (!cfg.oneTokenStreamForPrograms) {
      let isDrum = false;
      if (cfg.usePrograms) {
        for (const tok of seq) {
          const [type, value] = tok.split('_');
          if (type.startsWith('Program')) {
            program = Number(value);
            if (program === -1) { isDrum = true; program = 0; }
            break;
          }
        }
      }
      current = { program, isDrum, notes: [], pedals: [] };
    }
    let useDuration = cfg.useNoteDurationPrograms.has(program);
    const durOffset = cfg.useVelocities ? 2 : 1;
    const addNote = (prog: number, note: Track['notes'][number]) => (current ?? trackFor(prog)).notes.push(note);
    const addPedal = (prog: number, p: { start: number; duration: number }) => (current ?? trackFor(prog)).pedals.push(p);

    seq.forEach((tok, ti) => {
      const [type, value] = tok.split('_');
      if (tok === 'Bar_None') {
        bar += 1;
        if (bar > 0) tick = tickAtBar + tpBar;
        tickAtBar = tick;
      } else if (type === 'Rest') {
        tick = Math.max(previousNoteEnd, tick);
        tick += t.tpbRestsToTicks.get(tpBeat)!.get(value)!;
        const realBar = barAtLastTs + Math.floor((tick - tickAtLastTs) / tpBar);
        if (realBar > bar) {
          if (bar === -1) bar = 0;
          tickAtBar += (realBar - bar) * tpBar;
          bar = realBar;
        }
      } else if (type === 'Position') {
        if (bar === -1) bar = 0;
        tick = tickAtBar + Number(value) * tpPos;
      } else if (type === 'Pitch' || type === 'PitchDrum') {
        const pitch = Number(value);
        if (!(cfg.pitchRange[0] <= pitch && pitch <= cfg.pitchRange[1])) return;
        let velType = 'Velocity';
        let vel = '100';
        let durType = 'Duration';
        let dur: number | string = Math.trunc(cfg.defaultNoteDuration * tpBeat);
        if (cfg.useVelocities) {
          if (ti + 1 >= seq.length) return;
          [velType, vel] = seq[ti + 1].split('_');
        }
        if (useDuration) {
          if (ti + durOffset >= seq.length) return;
          [durType, dur] = seq[ti + durOffset].split('_');
        }
        if (velType === 'Velocity' && durType === 'Duration') {
          const ticks = typeof dur === 'string' ? t.tpbTokensToTicks.get(tpBeat)!.get(dur)! : dur;
          addNote(program, { pitch, velocity: Number(vel), start: tick, duration: ticks });
          previousNoteEnd = Math.max(previousNoteEnd, tick + ticks);
        }
      } else if (type === 'Program') {
        program = Number(value);
        useDuration = cfg.useNoteDurationPrograms.has(program);
      } else if (type === 'Tempo') {
        if (si === 0) tempos.push({ tick, bpm: Number(value) });
        previousNoteEnd = Math.max(previousNoteEnd, tick);
      } else if (type === 'TimeSig') {
        const ts = parseTimeSig(value);
        if (ts.num !== cur.numerator || ts.den !== cur.denominator) {
          cur = { tick, numerator: ts.num, denominator: ts.den };
          if (si === 0) timeSigs.push(cur);
          tickAtLastTs = tickAtBar;
          barAtLastTs = bar;
          tpBar = ticksPerBar(ts, tpq);
          tpBeat = t.tpbPerTs.get(ts.den)!;
          tpPos = Math.floor(tpBeat / t.maxNumPosPerBeat);
        }
      } else if (type === 'Pedal') {
        const prog = cfg.usePrograms ? Number(value) : program;
        if (cfg.sustainPedalDuration && ti + 1 < seq.length) {
          const [nt, nv] = seq[ti + 1].split('_');
          if (nt === 'Duration') addPedal(prog, { start: tick, duration: t.tpbTokensToTicks.get(tpBeat)!.get(nv)! });
        } else if (!cfg.sustainPedalDuration && !activePedals.has(prog)) activePedals.set(prog, tick);
      } else if (type === 'PedalOff') {
        const prog = cfg.usePrograms ? Number(value) : program;
        const start = activePedals.get(prog);
        if (start !== undefined) {
          addPedal(prog, { start, duration: tick - start });
          activePedals.delete(prog);
        }
      }
    });
    if (current && current.notes.length > 0) ordered.push(current);
  });
  const outTracks = cfg.oneTokenStreamForPrograms ? [...tracks.values()] : ordered;
  for (const tr of outTracks) if (tr.pedals.length === 0) delete (tr as Partial<OutTrack>).pedals;
  if (tempos.length === 0 || tempos[0].tick !== 0) tempos.unshift({ tick: 0, bpm: t.defaultTempo });
  if (timeSigs.length === 0 || timeSigs[0].tick !== 0) timeSigs.unshift({ tick: 0, numerator: 4, denominator: 4 });
  return { ticksPerQuarter: tpq, tempos, timeSignatures: timeSigs, tracks: outTracks };
}
