// Grammar mask: only tokens that keep the sequence a valid REMI sequence survive.
// Beyond MidiTok's token-type graph it keeps Position strictly increasing and inside the bar's meter,
// asks for a Position before the first note of a bar, refuses a pitch repeated at the same position,
// can pin the meter (a loop stays in the seed's time signature), and leaves out drum pitches (seedloop
// merges tracks and drops drums, so a loop is one pitched track). A learned (BPE) id is allowed when every
// base token it stands for is, in turn, and accepting it advances the state through all of them.
import type { Candidates } from './candidates.ts';
import type { Sampler } from './samplers.ts';
import type { TokenTable } from './tokenTable.ts';

const SPECIAL = new Set(['PAD', 'BOS', 'EOS', 'MASK', 'SOS', 'Style']); // Style_*: after BOS (training prepare --style)

export interface GrammarState {
  prevType: string | null;
  position: number; // current Position in this bar, -1 before the first one
  positionsPerBar: number;
  pitchesHere: Set<number>; // pitch ids already played at the current position
}

export interface GrammarSampler extends Sampler {
  readonly state: GrammarState;
  /** Would `id` be a valid next token? */
  allows(id: number): boolean;
  accept(id: number): void;
}

export function grammarSampler(table: TokenTable, opts: { timeSigId?: number } = {}): GrammarSampler {
  const defaultPpb = Math.max(0, ...table.positionsPerBar.values());
  const state: GrammarState = { prevType: null, position: -1, positionsPerBar: defaultPpb, pitchesHere: new Set() };
  const scratch: GrammarState = { prevType: null, position: -1, positionsPerBar: defaultPpb, pitchesHere: new Set() };

  /** Would base id `id` be valid after `s`? */
  function allowsBase(s: GrammarState, id: number): boolean {
    const type = table.types[id];
    if (SPECIAL.has(type)) return false;
    if (s.prevType !== null && !table.follows.get(s.prevType)?.has(type)) return false;
    switch (type) {
      case 'Position': {
        const p = table.values[id];
        return p > s.position && p < s.positionsPerBar;
      }
      case 'Pitch':
        return s.position >= 0 && !s.pitchesHere.has(id);
      case 'PitchDrum':
        return false;
      case 'TimeSig':
        return opts.timeSigId === undefined || id === opts.timeSigId;
      default:
        return true;
    }
  }

  function acceptBase(s: GrammarState, id: number): void {
    const type = table.types[id];
    if (type === 'Bar') {
      s.position = -1;
      s.pitchesHere.clear();
    } else if (type === 'TimeSig') {
      s.positionsPerBar = table.positionsPerBar.get(id) ?? defaultPpb;
    } else if (type === 'Position') {
      s.position = table.values[id];
      s.pitchesHere.clear();
    } else if (type === 'Pitch') {
      s.pitchesHere.add(id);
    }
    if (!SPECIAL.has(type)) s.prevType = type;
    else if (type === 'BOS') s.prevType = 'BOS';
  }

  function allows(id: number): boolean {
    if (!table.pieces) return allowsBase(state, id);
    if (table.specialIds.has(id)) return false;
    const base = table.pieces[id];
    if (base.length === 0) return true;
    // Most ids fail on their first base token: check it on the state itself before copying the state to walk.
    if (!allowsBase(state, base[0])) return false;
    if (base.length === 1) return true;
    // Walk a copy, kept in one scratch state: this runs for thousands of ids per step, so no allocation.
    const s = scratch;
    s.prevType = state.prevType;
    s.position = state.position;
    s.positionsPerBar = state.positionsPerBar;
    s.pitchesHere.clear();
    for (const p of state.pitchesHere) s.pitchesHere.add(p);
    for (const b of base) {
      if (!allowsBase(s, b)) return false;
      acceptBase(s, b);
    }
    return true;
  }

  return {
    name: 'grammar',
    state,
    allows,
    apply({ logits }: Candidates) {
      for (let id = 0; id < logits.length; id++) if (!allows(id)) logits[id] = -Infinity;
    },
    accept(id) {
      if (!table.pieces) acceptBase(state, id);
      else for (const b of table.pieces[id]) acceptBase(state, b);
    },
  };
}

/** Where `ids` first breaks the grammar (index), or -1 if every token is valid. */
export function firstGrammarError(table: TokenTable, ids: number[], opts: { timeSigId?: number } = {}): number {
  const g = grammarSampler(table, opts);
  for (let i = 0; i < ids.length; i++) {
    const first = table.pieces ? table.pieces[ids[i]] : [ids[i]];
    const bos = i === 0 && first?.length === 1 && table.types[first[0]] === 'BOS';
    if (!bos && !g.allows(ids[i])) return i;
    g.accept(ids[i]);
  }
  return -1;
}
