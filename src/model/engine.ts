// A loaded model, ready to generate: session + KV-cache decoder + the tokenizer's token table.
// Runs wherever it is created; the Generator puts it in a worker so the main thread never blocks.
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { buildTokenTable, type TokenTable } from '../sampling/tokenTable.ts';
import { loadTokenizer, type Tokenizer } from '../tokenizer/index.ts';
import { Decoder } from './decoder.ts';
import { generateLoop, type LoopHooks } from './loop.ts';
import { loadManifest, type Manifest } from './manifest.ts';
import { type OpenedSession, openSession, type SessionOptions } from './session.ts';
import type { GenerateRequest, GenerateResult } from './types.ts';

export class Engine {
  private constructor(
    readonly dir: string,
    readonly manifest: Manifest,
    readonly opened: OpenedSession,
    readonly table: TokenTable,
    readonly decoder: Decoder,
    readonly tokenizer: Tokenizer,
  ) {}

  static async open(dir: string, opts: SessionOptions = {}): Promise<Engine> {
    const manifest = loadManifest(dir);
    const tok = await loadTokenizer(join(dir, manifest.files.tokenizer));
    if (tok.isTrained) throw new UserError(`${dir}: BPE-trained tokenizers are not supported for generation`);
    if (tok.vocab.length !== manifest.vocabSize) {
      throw new UserError(`${dir}: tokenizer has ${tok.vocab.length} tokens but the manifest says ${manifest.vocabSize}`);
    }
    const table = buildTokenTable(tok, tok.ticksPerBeatGrid);
    if (table.barId !== manifest.barTokenId) throw new UserError(`${dir}: manifest barTokenId disagrees with the tokenizer`);
    const opened = await openSession(dir, manifest, opts);
    return new Engine(dir, manifest, opened, table, new Decoder(opened.session, manifest), tok);
  }

  get provider(): string {
    return this.opened.provider;
  }

  generate(req: GenerateRequest, hooks: LoopHooks = {}): Promise<GenerateResult> {
    return generateLoop(this.decoder, this.table, req, { ...hooks, provider: this.provider });
  }

  async close(): Promise<void> {
    await this.opened.session.release();
  }
}
