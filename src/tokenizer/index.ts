// The MidiTok 3.1 REMI tokenizer, in TypeScript: same vocabulary, same ids, same decoding.
//
// Behaviour worth knowing (all as MidiTok, unless marked "port"):
// - Notes outside pitch_range (drums: drums_pitch_range) are dropped before tokenizing, tracks left
//   empty disappear; pitch tokens outside the range are skipped when decoding.
// - Time signatures outside time_signature_range are dropped, changes are delayed to the next bar.
// - port: options this port does not implement (key signatures, pitch bends, control changes, pitch
//   intervals, program changes, attribute controls, Bar_End / trailing bars / bar embeddings,
//   Unigram / WordPiece models) and unknown fields are refused with a UserError, never ignored.
// - port: a Score with fractional/negative ticks or non-MIDI pitches/velocities is a UserError.
// - port: BPE word splits ignore CC64 events after the last note onset (MidiTok counts them).
import { readFile } from 'node:fs/promises';
import type { Score } from '../types.ts';
import { UserError } from '../errors.ts';
import { parseTokenizerJson, timeSignatureKeyOrder, type RemiConfig } from './config.ts';
import { buildTables, type Tables } from './tables.ts';
import { preprocessScore } from './preprocess.ts';
import { toPScore } from './pscore.ts';
import { scoreToEvents, type Event } from './events.ts';
import { tokensToScore } from './decode.ts';
import { tokenTypesGraph } from './tokenTypes.ts';
import { LearnedVocab } from './bpe.ts';
import { barSplits } from './split.ts';
import { readMidi } from '../midi/file.ts';

export type { RemiConfig } from './config.ts';
export { mergeToSingleTrack, quantizeScore, gridTicks } from './grid.ts';

export class Tokenizer {
  readonly config: RemiConfig;
  /** Base vocabulary: vocab[id] is the token string, as MidiTok's tokenizer.vocab. */
  readonly vocab: string[];
  /** Token-type graph: type -> the types that may follow it. */
  readonly grammar: Record<string, string[]>;
  /** Ticks per quarter of decoded scores (MidiTok's time_division). */
  readonly ticksPerQuarter: number;
  /** Grid positions per beat (the finest beat_res). */
  readonly ticksPerBeatGrid: number;
  private readonly tables: Tables;
  private readonly ids: Map<string, number>;
  private readonly learned: LearnedVocab | null;

  private constructor(config: RemiConfig, learned: { model: string; vocabBase: Record<string, number>; byteToToken: Record<string, string> } | null) {
    this.config = config;
    this.tables = buildTables(config);
    this.vocab = this.tables.vocab;
    this.ids = new Map(this.vocab.map((tok, i) => [tok, i]));
    this.grammar = tokenTypesGraph(config);
    this.ticksPerQuarter = this.tables.timeDivision;
    this.ticksPerBeatGrid = this.tables.maxNumPosPerBeat;
    this.learned = learned ? new LearnedVocab(learned.model, learned.vocabBase, learned.byteToToken, this.vocab) : null;
  }

  /**
   * Build from a MidiTok tokenizer.json, given as its text (exact) or as a parsed object (integer
   * keys of time_signature_range then lose their file order; MidiTok's default order is assumed).
   */
  static fromJSON(json: unknown): Tokenizer {
    let obj = json;
    let tsOrder: number[] | undefined;
    if (typeof json === 'string') {
      try {
        obj = JSON.parse(json);
      } catch {
        throw new UserError('tokenizer.json is not valid JSON');
      }
      tsOrder = timeSignatureKeyOrder(json);
    }
    const config = parseTokenizerJson(obj, tsOrder);
    const top = obj as Record<string, unknown>;
    const learned = typeof top._model === 'string'
      ? {
          model: top._model,
          vocabBase: (top._vocab_base ?? {}) as Record<string, number>,
          byteToToken: (top._vocab_base_byte_to_token ?? {}) as Record<string, string>,
        }
      : null;
    return new Tokenizer(config, learned);
  }

  /** Whether ids are learned (BPE) ids rather than base-vocabulary ids. */
  get isTrained(): boolean {
    return this.learned !== null;
  }

  /** Trained tokenizers: the base ids each learned id stands for (null for a base vocabulary). */
  get pieces(): number[][] | null {
    const learned = this.learned;
    if (!learned) return null;
    return Array.from({ length: learned.size }, (_, id) => learned.baseIds(id) ?? []);
  }

  /** Number of distinct ids a model sees (learned vocabulary size when trained). */
  get vocabSize(): number {
    return this.learned ? this.learned.size : this.vocab.length;
  }

  specialId(name: 'PAD' | 'BOS' | 'EOS' | 'MASK'): number | undefined {
    return this.ids.get(`${name}_None`);
  }

  /** Id of a base token string such as "Bar_None", or undefined. */
  tokenId(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** Token type of an id ('Bar', 'Position', 'Pitch', ..., 'PAD'); for a learned id, the type of its first base token. */
  typeOf(id: number): string {
    let base = id;
    if (this.learned) {
      const ids = this.learned.baseIds(id);
      if (!ids || ids.length === 0) throw new UserError(`token id ${id} is outside the vocabulary`);
      base = ids[0];
    }
    const tok = this.vocab[base];
    if (tok === undefined) throw new UserError(`token id ${id} is outside the vocabulary (size ${this.vocab.length})`);
    return tok.split('_')[0];
  }

  /** Tokenize a Score exactly as MidiTok's encode(): one id sequence per track, or one for one_token_stream. */
  encodeScore(score: Score): number[][] {
    const pscore = preprocessScore(toPScore(score), this.config, this.tables);
    const seqs = scoreToEvents(pscore, this.config, this.tables);
    return seqs.map((events) => {
      const ids = events.map((e) => this.idOf(e));
      if (!this.learned) return ids;
      return this.learned.encode(this.config.encodeIdsSplit === 'no' ? [ids] : barSplits(events, pscore, this.config.encodeIdsSplit).map(([a, b]) => ids.slice(a, b)));
    });
  }

  /**
   * Bars of base ids -> the ids a model reads: each bar encoded alone, as MidiTok's per-bar splitting does
   * (base ids unchanged for an untrained tokenizer).
   */
  encodeBaseBars(bars: number[][]): number[] {
    if (!this.learned) return bars.flat();
    if (this.config.encodeIdsSplit !== 'bar') throw new UserError(`encoding bars needs a tokenizer trained with per-bar splitting, not "${this.config.encodeIdsSplit}"`);
    return this.learned.encode(bars);
  }

  /** Tokenize the bytes of a standard MIDI file. */
  encodeMidi(bytes: Uint8Array): number[][] {
    return this.encodeScore(readMidi(bytes));
  }

  /** Token strings of base ids (learned ids are expanded first). */
  idsToTokens(ids: number[]): string[] {
    const base = this.learned ? this.learned.decode(ids) : ids;
    return base.map((id) => {
      const tok = this.vocab[id];
      if (tok === undefined) throw new UserError(`token id ${id} is outside the vocabulary (size ${this.vocab.length})`);
      return tok;
    });
  }

  /** Decode id sequences back to a Score, as MidiTok's decode() (ticks of `ticksPerQuarter`). */
  decodeIds(seqs: number[][]): Score {
    let tokens = seqs.map((ids) => this.idsToTokens(ids));
    if (this.config.oneTokenStreamForPrograms) tokens = [tokens.flat()];
    return tokensToScore(tokens, this.config, this.tables);
  }

  private idOf(e: Event): number {
    const id = this.ids.get(`${e.type}_${e.value}`);
    if (id === undefined) throw new Error(`token ${e.type}_${e.value} is not in the vocabulary`);
    return id;
  }
}

/** Load a MidiTok tokenizer.json from disk. */
export async function loadTokenizer(path: string): Promise<Tokenizer> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(`cannot read tokenizer file ${path}`);
  }
  try {
    return Tokenizer.fromJSON(text);
  } catch (err) {
    if (err instanceof UserError) throw new UserError(`${path}: ${err.message}`);
    throw err;
  }
}
