// Bars in the ids a model reads and writes. With a trained (BPE) tokenizer one model id stands for several base
// ids (`pieces`). MidiTok encodes each bar alone (per-bar splitting), so a bar always opens with an id whose
// first base id is the Bar, and a bar's model ids are the BPE encoding of its own base ids. So: split model ids
// into bars at those ids, read music (meters, empty bars) from base ids, and write model ids bar by bar.

/** What bar handling needs from a tokenizer; without `pieces` (a base vocabulary) model ids are base ids. */
export interface BarTokenizer {
  tokenId(token: string): number | undefined;
  typeOf(id: number): string; // of a model id ('Bar', 'TimeSig', ...)
  readonly vocab?: readonly string[]; // trained tokenizers: the base vocabulary
  readonly pieces?: number[][] | null; // trained tokenizers: the base ids of each model id
  encodeBaseBars?(bars: number[][]): number[]; // base-id bars -> model ids, each bar encoded alone
}

export interface BarIds {
  readonly barId: number; // the base Bar id
  /** Whether a model id begins a bar. */
  startsBar(id: number): boolean;
  /** Split model ids at each bar start; anything before the first bar is dropped. */
  split(ids: readonly number[]): number[][];
  /** Type of a base id ('Bar', 'TimeSig', ...). */
  baseType(id: number): string;
  /** Model ids -> base ids. */
  base(ids: readonly number[]): number[];
  /** Bars of base ids -> model ids. */
  encode(bars: number[][]): number[];
}

const cache = new WeakMap<BarTokenizer, BarIds>();

export function barIds(tok: BarTokenizer): BarIds {
  let b = cache.get(tok);
  if (!b) {
    b = build(tok);
    cache.set(tok, b);
  }
  return b;
}

function build(tok: BarTokenizer): BarIds {
  const barId = tok.tokenId('Bar_None');
  if (barId === undefined) throw new Error('the vocabulary has no Bar_None token');
  const pieces = tok.pieces ?? null;
  if (!pieces) {
    const startsBar = (id: number) => id === barId;
    const baseType = (id: number) => tok.typeOf(id);
    return { barId, startsBar, split: (ids) => splitAt(ids, startsBar), baseType, base: (ids) => [...ids], encode: (bars) => bars.flat() };
  }
  const starts = new Uint8Array(pieces.length);
  pieces.forEach((p, id) => (starts[id] = p[0] === barId ? 1 : 0));
  const startsBar = (id: number) => starts[id] === 1;
  const encode = tok.encodeBaseBars?.bind(tok);
  const vocab = tok.vocab;
  if (!encode || !vocab) throw new Error('a trained tokenizer must give its base vocabulary and encode base-id bars');
  return {
    barId,
    startsBar,
    split: (ids) => splitAt(ids, startsBar),
    baseType: (id) => vocab[id]?.split('_')[0] ?? '',
    base: (ids) => ids.flatMap((id) => pieces[id] ?? []),
    encode,
  };
}

/** Split `ids` at each id that begins a bar; ids before the first bar start are dropped. */
export function splitAt(ids: readonly number[], startsBar: (id: number) => boolean): number[][] {
  const bars: number[][] = [];
  for (const id of ids) {
    if (startsBar(id)) bars.push([id]);
    else bars.at(-1)?.push(id);
  }
  return bars;
}
