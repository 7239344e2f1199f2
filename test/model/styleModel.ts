// A tiny model whose tokenizer has style tokens, made by the test in a temp folder: the tiny model's ONNX
// graphs (352 logits) with a tokenizer prepared as `training prepare --style` prepares one (Style_game,
// _piano, _folk, _jazz after PAD/BOS/EOS), its pitch range cut by four so that the vocabulary stays 352 ids.
// The weights were not trained on these ids, so the music is noise; what the tests check is the prompt.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TINY = new URL('../fixtures/tiny-model/', import.meta.url).pathname;
export const STYLE_TOKENS = ['Style_game', 'Style_piano', 'Style_folk', 'Style_jazz'];

export function styleModel(): string {
  const dir = mkdtempSync(join(tmpdir(), 'seedloop-style-model-'));
  const tok = JSON.parse(readFileSync(join(TINY, 'tokenizer.json'), 'utf8'));
  tok.config.special_tokens = [...tok.config.special_tokens, ...STYLE_TOKENS];
  tok.config.pitch_range = [tok.config.pitch_range[0], tok.config.pitch_range[1] - STYLE_TOKENS.length];
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tok));
  const manifest = JSON.parse(readFileSync(join(TINY, 'manifest.json'), 'utf8'));
  manifest.name = 'tiny-style-model';
  manifest.barTokenId += STYLE_TOKENS.length;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  for (const f of [manifest.files.onnx, manifest.files.onnxInt8]) copyFileSync(join(TINY, f), join(dir, f));
  return dir;
}
