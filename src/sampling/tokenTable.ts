// What the grammar needs to know about each token id, read once from the vocabulary strings. A model may
// sample base ids (the REMI vocabulary) or the learned ids of a trained (BPE) tokenizer: each learned id
// stands for a sequence of base ids (`pieces`), and the samplers walk that sequence.

/** The parts of a tokenizer the samplers use (the REMI Tokenizer satisfies this). */
export interface TokenSource {
  vocab: string[];
  grammar: Record<string, string[]>; // MidiTok's token-type graph: type -> types that may follow
  pieces?: number[][] | null; // trained tokenizers: the base ids of each learned id
}

export interface TokenTable {
  size: number; // ids the model samples (learned ids when trained)
  types: string[]; // per base id: 'Bar', 'Position', 'Pitch', ...
  values: number[]; // per base id: the number in Position_n / Pitch_n, NaN otherwise
  beats: number[]; // per base id: a Duration token's length in beats, NaN otherwise
  barId: number; // the base Bar id
  /** Per model id, the base ids it stands for; null when model ids are base ids. */
  pieces: number[][] | null;
  /** Model ids that begin a bar (a merged id never crosses a bar line, so a Bar can only come first). */
  barIds: number[];
  startsBar: Uint8Array; // per model id: 1 if it is in barIds
  specialIds: Set<number>; // model ids of PAD, BOS, EOS, MASK, Style_*...: never sampled inside a loop
  /** Style name ('game', 'folk', ...) -> model id of its Style_ token (training prepare --style); empty without. */
  styleIds: Map<string, number>;
  /** TimeSig id -> positions in one bar of that meter. */
  positionsPerBar: Map<number, number>;
  follows: Map<string, Set<string>>;
}

const SPECIAL_TYPES = new Set(['PAD', 'BOS', 'EOS', 'MASK', 'SOS', 'Style']);

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
  const beats = vocab.map((t) => {
    const m = /^Duration_(\d+)\.(\d+)\.(\d+)$/.exec(t);
    return m ? Number(m[1]) + Number(m[2]) / Number(m[3]) : NaN;
  });
  const barId = vocab.indexOf('Bar_None');
  if (barId < 0) throw new Error('the vocabulary has no Bar_None token');
  const pieces = source.pieces ?? null;
  const size = pieces ? pieces.length : vocab.length;
  const startsBar = new Uint8Array(size);
  const specialIds = new Set<number>();
  const styleIds = new Map<string, number>();
  for (let id = 0; id < size; id++) {
    const base = pieces ? pieces[id] : [id];
    if (base.indexOf(barId, 1) > 0) throw new Error(`learned token ${id} has a Bar inside: train with per-bar splitting`);
    if (base[0] === barId) startsBar[id] = 1;
    if (base.length === 1 && SPECIAL_TYPES.has(types[base[0]])) specialIds.add(id);
    if (base.length === 1 && types[base[0]] === 'Style') styleIds.set(vocab[base[0]].slice('Style_'.length), id);
  }
  const barIds = [...startsBar.keys()].filter((id) => startsBar[id]);
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
  return { size, types, values, beats, barId, pieces, barIds, startsBar, specialIds, styleIds, positionsPerBar, follows };
}

/** The base ids of a sequence of model ids (a new array). */
export function baseIdsOf(table: TokenTable, ids: number[]): number[] {
  return table.pieces ? ids.flatMap((id) => table.pieces![id]) : [...ids];
}
