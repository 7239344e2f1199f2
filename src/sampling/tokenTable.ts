// What the grammar needs to know about each token id, read once from the vocabulary strings.

/** The parts of a tokenizer the samplers use (the REMI Tokenizer satisfies this). */
export interface TokenSource {
  vocab: string[];
  grammar: Record<string, string[]>; // MidiTok's token-type graph: type -> types that may follow
}

export interface TokenTable {
  size: number;
  types: string[]; // per id: 'Bar', 'Position', 'Pitch', ...
  values: number[]; // per id: the number in Position_n / Pitch_n, NaN otherwise
  barId: number;
  specialIds: Set<number>; // PAD, BOS, EOS, MASK...: never sampled inside a loop
  /** TimeSig id -> positions in one bar of that meter. */
  positionsPerBar: Map<number, number>;
  follows: Map<string, Set<string>>;
}

const SPECIAL_TYPES = new Set(['PAD', 'BOS', 'EOS', 'MASK', 'SOS']);

/** Positions per beat at the finest resolution: 12 for the shipped config (16ths and triplets). */
export function maxBeatResolution(vocab: string[]): number {
  // MidiTok writes Duration_<beats>.<units>.<res>; the finest res is the grid of Position tokens.
  let res = 0;
  for (const token of vocab) {
    const m = /^Duration_\d+\.\d+\.(\d+)$/.exec(token);
    if (m) res = Math.max(res, Number(m[1]));
  }
  return res;
}

export function buildTokenTable(source: TokenSource, beatResolution = maxBeatResolution(source.vocab)): TokenTable {
  const { vocab } = source;
  const types = vocab.map((t) => t.split('_')[0]);
  const values = vocab.map((t) => {
    const v = t.slice(t.indexOf('_') + 1);
    return /^-?\d+$/.test(v) ? Number(v) : NaN;
  });
  const barId = vocab.indexOf('Bar_None');
  if (barId < 0) throw new Error('the vocabulary has no Bar_None token');
  const specialIds = new Set<number>();
  types.forEach((t, id) => SPECIAL_TYPES.has(t) && specialIds.add(id));
  const positionsPerBar = new Map<number, number>();
  vocab.forEach((t, id) => {
    const m = /^TimeSig_(\d+)\/(\d+)$/.exec(t);
    // A beat is one denominator note, with beatResolution positions each (MidiTok 3 REMI).
    if (m) positionsPerBar.set(id, Number(m[1]) * beatResolution);
  });
  const follows = new Map<string, Set<string>>();
  for (const [type, next] of Object.entries(source.grammar)) {
    follows.set(type, new Set(next.map((n) => n.split('_')[0])));
  }
  return { size: vocab.length, types, values, barId, specialIds, positionsPerBar, follows };
}
