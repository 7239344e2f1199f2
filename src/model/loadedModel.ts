// A loaded model, ready to generate: session + KV-cache decoder + the tokenizer (loaded once, here).
// Runs wherever it is created; the Generator puts it in a worker so the main thread never blocks.
import { join } from 'node:path';
import type { Meter } from '../clock/meter.ts';
import { UserError } from '../errors.ts';
import { buildTokenTable, type TokenTable } from '../sampling/tokenTable.ts';
import { loadTokenizer, type Tokenizer } from '../tokenizer/index.ts';
import { DEFAULT_SAMPLER } from '../sampling/types.ts';
import { Decoder } from './decoder.ts';
import { benchSeedIds } from './benchSeed.ts';
import { generateLoop, type LoopHooks } from './loop.ts';
import { loadManifest, type Manifest } from './manifest.ts';
import { checkMeter } from './meters.ts';
import { runNoteLoop } from './noteLoop.ts';
import { type OpenedSession, openSession, type SessionOptions } from './session.ts';
import type { GenerateRequest, GenerateResult, LoopEvent, LoopRequest, LoopResult } from './types.ts';

export class LoadedModel {
  private constructor(
    readonly dir: string,
    readonly manifest: Manifest,
    readonly opened: OpenedSession,
    readonly table: TokenTable,
    readonly decoder: Decoder,
    readonly tokenizer: Tokenizer,
  ) {}

  /**
   * `meter`: the live session's meter, refused before the session opens when the vocabulary cannot write it.
   * `tokenizer`: the model's tokenizer when the caller already read it (generate checks the seed with it first).
   */
  static async open(dir: string, opts: SessionOptions & { meter?: Meter; tokenizer?: Tokenizer } = {}): Promise<LoadedModel> {
    const manifest = loadManifest(dir);
    const tok = opts.tokenizer ?? (await loadTokenizer(join(dir, manifest.files.tokenizer)));
    if (opts.meter) checkMeter(tok, opts.meter);
    if (tok.isTrained && tok.config.encodeIdsSplit !== 'bar') {
      throw new UserError(`${dir}: a BPE tokenizer must be trained with per-bar splitting (MidiTok's default), not "${tok.config.encodeIdsSplit}"`);
    }
    if (tok.vocabSize !== manifest.vocabSize) {
      throw new UserError(`${dir}: tokenizer has ${tok.vocabSize} ids but the manifest says ${manifest.vocabSize}`);
    }
    const table = buildTokenTable(tok, tok.ticksPerBeatGrid);
    if (table.barId !== manifest.barTokenId) throw new UserError(`${dir}: manifest barTokenId disagrees with the tokenizer`);
    const opened = await openSession(dir, manifest, opts);
    return new LoadedModel(dir, manifest, opened, table, new Decoder(opened.session, manifest), tok);
  }

  /**
   * One short generation (the bench's 4-bar seed, one bar out) before anyone waits: the session's first runs
   * pay for allocations and kernel choice, and the sampler's code is still cold. The live worker does this at
   * start-up, so the first loop's first bar costs what every later one does.
   */
  async warmUp(): Promise<void> {
    await this.generate({ seedIds: benchSeedIds(this.tokenizer), bars: 1, sampler: DEFAULT_SAMPLER, candidates: 1, rngSeed: 0 });
    this.decoder.reset(1);
  }

  get provider(): string {
    return this.opened.provider;
  }

  generate(req: GenerateRequest, hooks: LoopHooks = {}): Promise<GenerateResult> {
    return generateLoop(this.decoder, this.table, req, { ...hooks, provider: this.provider });
  }

  /** A live loop: the seed encoded here, each bar decoded here, notes out. */
  loop(req: LoopRequest, hooks: Omit<LoopHooks, 'onEvent'> & { onEvent: (e: LoopEvent) => void }): Promise<LoopResult> {
    return runNoteLoop((r, onEvent) => this.generate(r, { ...hooks, onEvent }), this.tokenizer, req, hooks.onEvent);
  }

  async close(): Promise<void> {
    await this.opened.session.release();
  }
}
