import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractGroove } from '../../src/feel/extract.ts';
import { grooveFileName, listGrooves, loadGroove, saveGroove } from '../../src/feel/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'seedloop-grooves-'));

describe('groove templates on disk', () => {
  it.each([
    ['my swing', 'my-swing.json'],
    ['  My Swing!! 2 ', 'my-swing-2.json'],
  ])('%j is stored as %s', (name, file) => expect(grooveFileName(name)).toBe(file));

  it('a name with no letter or digit is refused, naming it', () => {
    expect(() => grooveFileName('!!')).toThrow('groove name "!!" needs a letter or digit');
  });

  it('saved by name, listed, loaded by name or by path, unchanged', async () => {
    const t = extractGroove([0, 0.64, 1, 1.64, 2, 2.65].map((start, i) => ({ start, velocity: i % 2 ? 60 : 100 })));
    const path = await saveGroove('my swing', t, dir);
    expect(await listGrooves(dir)).toContain('my-swing');
    expect(await loadGroove('my swing', dir)).toEqual({ ...t, name: 'my swing' });
    expect(await loadGroove(path, dir)).toEqual({ ...t, name: 'my swing' });
  });

  it('a bad template file names the file and the field', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ grid: 12, slots: [], swing8: { ratio: 1, count: 0 }, swing16: { ratio: 9, count: 0 } }));
    await expect(loadGroove(bad, dir)).rejects.toThrow(`${bad}: bad field "swing16.ratio"`);
  });
});
