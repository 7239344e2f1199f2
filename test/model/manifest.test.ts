// The manifest is checked against the graph it ships with on load, and contextLength against the
// training window, so a wrong one is one line instead of an onnxruntime message at the first step.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { loadManifest } from '../../src/model/manifest.ts';
import { openSession } from '../../src/model/session.ts';

const TINY = new URL('../fixtures/tiny-model/', import.meta.url).pathname;

function tinyWith(change: (m: Record<string, unknown>) => void): string {
  const d = mkdtempSync(join(tmpdir(), 'seedloop-manifest-'));
  for (const f of ['model.int8.onnx', 'tokenizer.json']) copyFileSync(join(TINY, f), join(d, f));
  const m = JSON.parse(readFileSync(join(TINY, 'manifest.json'), 'utf8'));
  delete m.files.onnx;
  change(m);
  writeFileSync(join(d, 'manifest.json'), JSON.stringify(m));
  return d;
}

const oneLayer = (m: Record<string, unknown>) => {
  m.numLayers = 1;
  m.inputs = (m.inputs as string[]).filter((n) => !n.includes('.1.'));
  m.outputs = (m.outputs as string[]).filter((n) => !n.includes('.1.'));
};

describe('manifest against graph', () => {
  it('numLayers that disagrees with the graph is named on load', async () => {
    const d = tinyWith(oneLayer);
    const open = openSession(d, loadManifest(d), { device: 'cpu' });
    await expect(open).rejects.toThrow(UserError);
    await expect(open).rejects.toThrow(/the graph has 2 layers of KV cache but the manifest says numLayers 1$/);
  });

  it('numKvHeads and headDim that disagree with the graph are named on load', async () => {
    const heads = tinyWith((m) => (m.numKvHeads = 1));
    await expect(openSession(heads, loadManifest(heads), { device: 'cpu' })).rejects.toThrow(/the graph has 2 KV heads but the manifest says numKvHeads 1$/);
    const dim = tinyWith((m) => (m.headDim = 16));
    await expect(openSession(dim, loadManifest(dim), { device: 'cpu' })).rejects.toThrow(/the graph has head size 8 but the manifest says headDim 16$/);
  });

  it('the shipped tiny manifest matches its graph', async () => {
    const opened = await openSession(TINY, loadManifest(TINY), { device: 'cpu' });
    await opened.session.release();
  });

  it('contextLength larger than the training window is refused', () => {
    const d = tinyWith((m) => (m.contextLength = 4096));
    expect(() => loadManifest(d)).toThrow(/contextLength 4096 is larger than the 512 tokens the model was trained with \(trainedContextLength\)$/);
    expect(loadManifest(tinyWith((m) => (m.contextLength = 256))).contextLength).toBe(256);
  });
});
