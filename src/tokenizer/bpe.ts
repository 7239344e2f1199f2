// Trained (BPE / Unigram / WordPiece) MidiTok tokenizers: base ids become one character each
// (chr(id + 33) unless the file maps them otherwise), each bar is encoded as one pre-tokenized
// word by the stored Hugging Face model, exactly as MidiTok's encode_token_ids does.
import { Tokenizer as HFTokenizer } from '@huggingface/tokenizers';
import { UserError } from '../errors.ts';

export class LearnedVocab {
  private readonly hf: HFTokenizer;
  private readonly idToByte: string[];
  private readonly byteToBaseId = new Map<string, number>();
  private readonly learnedToBase = new Map<number, number[]>();
  readonly size: number;

  constructor(modelJson: string, vocabBase: Record<string, number>, byteToToken: Record<string, string>, baseVocab: string[]) {
    let model: Record<string, unknown>;
    try {
      model = JSON.parse(modelJson) as Record<string, unknown>;
    } catch {
      throw new UserError('tokenizer.json: "_model" is not valid JSON');
    }
    const type = (model.model as { type?: string } | undefined)?.type;
    if (type !== 'BPE') throw new UserError(`tokenizer.json: trained model type ${type} is not supported (BPE only)`);
    this.hf = new HFTokenizer(model, {});
    const tokenId = new Map(baseVocab.map((tok, i) => [tok, i]));
    for (const [tok, id] of Object.entries(vocabBase)) {
      if (tokenId.get(tok) !== id) throw new UserError(`tokenizer.json: stored vocabulary has ${tok}=${id}, this config makes ${tokenId.get(tok)}`);
    }
    this.idToByte = baseVocab.map((tok, id) => String.fromCodePoint(id + 33));
    for (const [byte, tok] of Object.entries(byteToToken)) {
      const id = tokenId.get(tok);
      if (id === undefined) throw new UserError(`tokenizer.json: byte map names unknown token ${tok}`);
      this.idToByte[id] = byte;
    }
    this.idToByte.forEach((b, id) => this.byteToBaseId.set(b, id));
    const replacement = (model.pre_tokenizer as { type?: string; replacement?: string } | null)?.type === 'Metaspace'
      ? (model.pre_tokenizer as { replacement?: string }).replacement ?? '▁'
      : '';
    const vocab = this.hf.get_vocab(true);
    for (const [piece, id] of vocab) {
      let key = piece;
      if (replacement && key.startsWith(replacement)) key = key.slice(replacement.length);
      const ids: number[] = [];
      for (const ch of key) {
        const base = this.byteToBaseId.get(ch);
        if (base === undefined) { ids.length = 0; break; }
        ids.push(base);
      }
      this.learnedToBase.set(id, ids);
    }
    this.size = Math.max(...vocab.values()) + 1;
  }

  /** Encode base-id words (bars, or one word for the whole sequence) to learned ids. */
  encode(words: number[][]): number[] {
    const out: number[] = [];
    for (const word of words) {
      if (word.length === 0) continue;
      const text = word.map((id) => this.idToByte[id]).join('');
      out.push(...this.hf.encode(text, { add_special_tokens: false }).ids);
    }
    return out;
  }

  /** Learned ids back to base ids. */
  decode(ids: number[]): number[] {
    const out: number[] = [];
    for (const id of ids) {
      const base = this.learnedToBase.get(id);
      if (base === undefined) throw new UserError(`token id ${id} is outside the vocabulary (size ${this.size})`);
      out.push(...base);
    }
    return out;
  }

  /** Base ids this learned id stands for. */
  baseIds(id: number): number[] | undefined {
    return this.learnedToBase.get(id);
  }
}
