// seedloop tokenize / detokenize end to end, through bin/seedloop.js.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/seedloop.js', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/tokenizer/${name}`, import.meta.url));
const expected = JSON.parse(readFileSync(fixture('expected.json'), 'utf8'));

async function seedloop(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('seedloop tokenize / detokenize', () => {
  it("prints exactly MidiTok's ids, and detokenize writes a file that tokenizes back the same", async () => {
    const tok = fixture('tokenizers/shipped.json');
    const band = await seedloop('tokenize', fixture('band_drums.mid'), '--tokenizer', tok);
    expect(band.code).toBe(0);
    expect(JSON.parse(band.stdout)).toEqual(expected.band_drums.shipped.ids);
    // Round trip on a single-track file (without Program tokens, decoded tracks are all program 0).
    const r = await seedloop('tokenize', fixture('meters_tpq96.mid'), '--tokenizer', tok);
    const ids = JSON.parse(r.stdout);
    expect(ids).toEqual(expected.meters_tpq96.shipped.ids);
    const dir = mkdtempSync(join(tmpdir(), 'seedloop-tok-'));
    writeFileSync(join(dir, 'ids.json'), r.stdout);
    const d = await seedloop('detokenize', join(dir, 'ids.json'), '--tokenizer', tok, '--out', join(dir, 'out.mid'));
    expect(d.code).toBe(0);
    const again = await seedloop('tokenize', join(dir, 'out.mid'), '--tokenizer', tok);
    expect(JSON.parse(again.stdout)).toEqual(ids);
  });

  it('reports a corrupt MIDI file in one line, exit 1, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seedloop-tok-'));
    writeFileSync(join(dir, 'cut.mid'), readFileSync(fixture('band_drums.mid')).subarray(0, 200));
    const r = await seedloop('tokenize', join(dir, 'cut.mid'), '--tokenizer', fixture('tokenizers/shipped.json'));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^seedloop: .*cut\.mid: corrupt MIDI file/);
  });

  it('reports bad ids JSON and out-of-vocabulary ids clearly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seedloop-tok-'));
    writeFileSync(join(dir, 'bad.json'), '{"ids": 3}');
    writeFileSync(join(dir, 'big.json'), '[[3, 5000]]');
    const tok = fixture('tokenizers/shipped.json');
    const a = await seedloop('detokenize', join(dir, 'bad.json'), '--tokenizer', tok, '--out', join(dir, 'o.mid'));
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/must hold a list of token id lists/);
    const b = await seedloop('detokenize', join(dir, 'big.json'), '--tokenizer', tok, '--out', join(dir, 'o.mid'));
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/token id 5000 is outside the vocabulary/);
  });
});
