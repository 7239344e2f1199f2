// Grammar mask: only tokens that keep the sequence a valid REMI sequence survive.
// Beyond MidiTok's token-type graph it keeps Position strictly increasing and inside the bar's meter,
// asks for a Position before the first note of a bar, refuses a pitch repeated at the same position,
// can pin the meter (a loop stays in the seed's time signature), and leaves out drum pitches (seedloop
// merges tracks and drops drums, so a loop is one pitched track).
import type { Candidates } from './candidates.ts';
import type { Sampler } from './samplers.ts';
import type { TokenTable } from './tokenTable.ts';

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

  function allows(id: number): boolean {
    const type = table.types[id];
    if (table.specialIds.has(id)) return false;
    if (state.prevType !== null && !table.follows.get(state.prevType)?.has(type)) return false;
    switch (type) {
      case 'Position': {
        const p = table.values[id];
        return p > state.position && p < state.positionsPerBar;
      }
      case 'Pitch':
        return state.position >= 0 && !state.pitchesHere.has(id);
      case 'PitchDrum':
        return false;
      case 'TimeSig':
        return opts.timeSigId === undefined || id === opts.timeSigId;
      default:
        return true;
    }
  }

  return {
    name: 'grammar',
    state,
    allows,
    apply({ logits }: Candidates) {
      for (let id = 0; id < logits.length; id++) if (!allows(id)) logits[id] = -Infinity;
    },
    accept(id) {
      const type = table.types[id];
      if (type === 'Bar') {
        state.position = -1;
        state.pitchesHere.clear();
      } else if (type === 'TimeSig') {
        state.positionsPerBar = table.positionsPerBar.get(id) ?? defaultPpb;
      } else if (type === 'Position') {
        state.position = table.values[id];
        state.pitchesHere.clear();
      } else if (type === 'Pitch') {
        state.pitchesHere.add(id);
      }
      if (!table.specialIds.has(id)) state.prevType = type;
      else if (type === 'BOS') state.prevType = 'BOS';
    },
  };
}

/** Where `ids` first breaks the grammar (index), or -1 if every token is valid. */
export function firstGrammarError(table: TokenTable, ids: number[], opts: { timeSigId?: number } = {}): number {
  const g = grammarSampler(table, opts);
  for (let i = 0; i < ids.length; i++) {
    if (!(i === 0 && table.types[ids[i]] === 'BOS') && !g.allows(ids[i])) return i;
    g.accept(ids[i]);
  }
  return -1;
}
