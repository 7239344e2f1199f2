// live --style: checked against the model before any thread starts (the timing thread never loads a tokenizer).
import { join } from 'node:path';
import { loadManifest, resolveModelDir } from '../model/manifest.ts';
import { checkStyleFlag, type StyleName } from '../model/style.ts';
import { DEFAULT_SAMPLER, type SamplerSettings } from '../sampling/types.ts';
import { loadTokenizer } from '../tokenizer/index.ts';

/**
 * live: the preset's sampler settings (or the defaults) with an explicit --style laid over them, once the model
 * (--model, or the shipped one) is known to have that token; without --style, the preset's settings as they are.
 */
export async function liveStyle(style: StyleName | undefined, model: string | undefined, sampler?: SamplerSettings): Promise<SamplerSettings | undefined> {
  if (style === undefined) return sampler;
  if (style !== 'none') {
    const dir = resolveModelDir(model);
    checkStyleFlag(style, (await loadTokenizer(join(dir, loadManifest(dir).files.tokenizer))).vocab, dir);
  }
  return { ...(sampler ?? DEFAULT_SAMPLER), style };
}
