// Everything MidiTok derives from a config before tokenizing: time bins, velocity and tempo
// bins, supported time signatures, and the base vocabulary in MidiTok's exact order.
import type { RemiConfig } from './config.ts';
import { geomspace, linspace, npRound, pyFloatStr } from './numeric.ts';

export type TimeTuple = [number, number, number]; // (beat, pos, res)

export interface Tables {
  maxNumPosPerBeat: number;
  timeSignatures: [number, number][];
  /** denominator -> ticks per beat at the tokenizer's own time division. */
  tpbPerTs: Map<number, number>;
  timeDivision: number;
  durations: TimeTuple[];
  rests: TimeTuple[];
  /** ticks per beat -> ascending tick values of each duration (or rest) bin. */
  tpbToTimeArray: Map<number, number[]>;
  tpbToRestArray: Map<number, number[]>;
  /** ticks per beat -> ticks -> "b.p.r" (later bins win on equal ticks, as a Python dict inversion). */
  tpbTicksToTokens: Map<number, Map<number, string>>;
  tpbTokensToTicks: Map<number, Map<string, number>>;
  tpbRestsToTicks: Map<number, Map<string, number>>;
  velocities: number[];
  tempos: number[];
  temposMspq: number[];
  defaultTempo: number;
  firstBeatRes: number;
  vocab: string[];
}

export function timeTokenToTicks([beat, pos, res]: TimeTuple, tpb: number): number {
  return Math.floor(((beat * res + pos) * tpb) / res);
}

function timeBins(beatRes: [number, number, number][]): TimeTuple[] {
  const out: TimeTuple[] = [];
  for (const [b0, b1, res] of beatRes) for (let b = b0; b < b1; b++) for (let p = 0; p < res; p++) out.push([b, p, res]);
  // Python's max() over the (start, end) tuple keys: the largest tuple.
  let last = beatRes[0];
  for (const r of beatRes) if (r[0] > last[0] || (r[0] === last[0] && r[1] > last[1])) last = r;
  out.push([Math.max(last[0], last[1]), 0, last[2]]);
  out.shift(); // drops the 0 duration
  return out;
}

const tupleStr = (t: TimeTuple): string => t.join('.');

export const PITCH_CLASSES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

export function buildTables(cfg: RemiConfig): Tables {
  const maxNumPosPerBeat = Math.max(...cfg.beatRes.map((r) => r[2]));
  const timeSignatures: [number, number][] = cfg.useTimeSignatures
    ? cfg.timeSignatureRange.flatMap(([den, nums]) => nums.map((n) => [n, den] as [number, number]))
    : [[4, 4]];
  const maxDenom = Math.max(...timeSignatures.map((t) => t[1]));
  const tpbPerTs = new Map<number, number>();
  for (const [den] of cfg.timeSignatureRange) tpbPerTs.set(den, maxNumPosPerBeat * Math.floor(maxDenom / den));
  const timeDivision = tpbPerTs.get(4) ?? maxNumPosPerBeat * Math.floor(maxDenom / 4);
  const durations = timeBins(cfg.beatRes);
  const rests = cfg.useRests ? timeBins(cfg.beatResRest) : [];
  const tpbs = [...new Set(tpbPerTs.values())];
  const arrays = (values: TimeTuple[]) => new Map(tpbs.map((tpb) => [tpb, values.map((v) => timeTokenToTicks(v, tpb))]));
  const tokensToTicks = (values: TimeTuple[]) =>
    new Map(tpbs.map((tpb) => [tpb, new Map(values.map((v) => [tupleStr(v), timeTokenToTicks(v, tpb)]))]));
  const tpbTokensToTicks = tokensToTicks(durations);
  const tpbTicksToTokens = new Map<number, Map<number, string>>();
  for (const [tpb, m] of tpbTokensToTicks) tpbTicksToTokens.set(tpb, new Map([...m].map(([k, v]) => [v, k])));

  const velocities = cfg.useVelocities ? linspace(0, 127, cfg.numVelocities + 1).map(Math.trunc).slice(1) : [];
  let tempos: number[] = [0];
  let temposMspq: number[] = [0];
  let defaultTempo = 120;
  if (cfg.useTempos) {
    const fn = cfg.logTempos ? geomspace : linspace;
    tempos = fn(cfg.tempoRange[0], cfg.tempoRange[1], cfg.numTempos).map((t) => npRound(t, 2));
    temposMspq = tempos.map((t) => 60000000 / t).sort((a, b) => a - b);
    let best = 0;
    for (let i = 1; i < tempos.length; i++) if (Math.abs(tempos[i] - 120) < Math.abs(tempos[best] - 120)) best = i;
    defaultTempo = tempos[best];
  }
  let firstBeatRes = cfg.beatRes[0][2];
  for (const [b0, b1, res] of cfg.beatRes) if (b0 === 0 || b1 === 0) { firstBeatRes = res; break; }

  const t: Tables = {
    maxNumPosPerBeat, timeSignatures, tpbPerTs, timeDivision, durations, rests,
    tpbToTimeArray: arrays(durations), tpbToRestArray: arrays(rests), tpbTicksToTokens, tpbTokensToTicks,
    tpbRestsToTicks: tokensToTicks(rests), velocities, tempos, temposMspq, defaultTempo, firstBeatRes, vocab: [],
  };
  t.vocab = buildVocab(cfg, t);
  return t;
}

function buildVocab(cfg: RemiConfig, t: Tables): string[] {
  const v: string[] = [...cfg.specialTokens, 'Bar_None'];
  for (let p = cfg.pitchRange[0]; p <= cfg.pitchRange[1]; p++) v.push(`Pitch_${p}`);
  for (const vel of t.velocities) v.push(`Velocity_${vel}`);
  if (cfg.useNoteDurationPrograms.size > 0 || cfg.sustainPedalDuration) for (const d of t.durations) v.push(`Duration_${tupleStr(d)}`);
  const maxNumBeats = Math.max(...t.timeSignatures.map((ts) => ts[0]));
  for (let i = 0; i < t.maxNumPosPerBeat * maxNumBeats; i++) v.push(`Position_${i}`);
  if (cfg.usePitchdrumTokens) for (let p = cfg.drumsPitchRange[0]; p <= cfg.drumsPitchRange[1]; p++) v.push(`PitchDrum_${p}`);
  if (cfg.useChords) {
    if (cfg.chordTokensWithRootNote) {
      for (const [q] of cfg.chordMaps) for (const root of PITCH_CLASSES) v.push(`Chord_${root}:${q}`);
    } else for (const [q] of cfg.chordMaps) v.push(`Chord_${q}`);
    if (cfg.chordUnknown) {
      for (let i = cfg.chordUnknown[0]; i < cfg.chordUnknown[1]; i++) {
        if (cfg.chordTokensWithRootNote) for (const root of PITCH_CLASSES) v.push(`Chord_${root}:ukn${i}`);
        else v.push(`Chord_${i}`);
      }
    }
  }
  if (cfg.useRests) for (const r of t.rests) v.push(`Rest_${tupleStr(r)}`);
  if (cfg.useTempos) for (const tempo of t.tempos) v.push(`Tempo_${pyFloatStr(tempo)}`);
  if (cfg.usePrograms) for (const p of cfg.programs) v.push(`Program_${p}`);
  if (cfg.useTimeSignatures) for (const [n, d] of t.timeSignatures) v.push(`TimeSig_${n}/${d}`);
  if (cfg.useSustainPedals) {
    const progs = cfg.usePrograms ? cfg.programs : [0];
    for (const p of progs) v.push(`Pedal_${p}`);
    if (!cfg.sustainPedalDuration) for (const p of progs) v.push(`PedalOff_${p}`);
  }
  return v;
}
