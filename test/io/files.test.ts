import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { checkOutputPath, readInput, readStdin, samePath, writeFileAtomic } from '../../src/io/files.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'seedloop-files-'));

describe('output files', () => {
  it('sees the same file through ./, .. and a symlink', () => {
    const d = dir();
    writeFileSync(join(d, 'seed.mid'), 'x');
    symlinkSync(join(d, 'seed.mid'), join(d, 'link.mid'));
    mkdirSync(join(d, 'sub'));
    expect(samePath(join(d, 'seed.mid'), join(d, 'sub', '..', '.', 'seed.mid'))).toBe(true);
    expect(samePath(join(d, 'link.mid'), join(d, 'seed.mid'))).toBe(true);
    expect(samePath(join(d, 'other.mid'), join(d, 'seed.mid'))).toBe(false);
  });

  it('refuses an empty name, a missing folder and a folder, in one line naming the flag', () => {
    const d = dir();
    expect(() => checkOutputPath('', '--out')).toThrow(/^--out: the file name is empty$/);
    expect(() => checkOutputPath(join(d, 'missing', 'x.mid'), '--out')).toThrow(/^--out .*x\.mid: folder .*missing does not exist$/);
    expect(() => checkOutputPath(d, '--out')).toThrow(/^--out .*: is a folder, not a file$/);
    expect(() => checkOutputPath(join(d, 'ok.mid'), '--out')).not.toThrow();
  });

  it('refuses to overwrite an input, even through a symlink', () => {
    const d = dir();
    writeFileSync(join(d, 'seed.mid'), 'seed');
    symlinkSync(join(d, 'seed.mid'), join(d, 'link.mid'));
    expect(() => checkOutputPath(join(d, 'link.mid'), '--out', [join(d, 'seed.mid')])).toThrow(/is the input file/);
    expect(readFileSync(join(d, 'seed.mid'), 'utf8')).toBe('seed');
  });

  it('writes atomically and leaves no temp file behind', () => {
    const d = dir();
    writeFileAtomic(join(d, 'a.json'), 'one');
    writeFileAtomic(join(d, 'a.json'), new Uint8Array([50, 51]));
    expect(readFileSync(join(d, 'a.json'), 'utf8')).toBe('23');
    expect(readdirSync(d)).toEqual(['a.json']);
  });

  it('reads an input, telling a missing file, a folder and an empty name apart', () => {
    const d = dir();
    writeFileSync(join(d, 'a.mid'), 'abc');
    expect([...readInput(join(d, 'a.mid'), '--seed')]).toEqual([97, 98, 99]);
    expect(() => readInput(join(d, 'b.mid'), '--seed')).toThrow(/^--seed .*b\.mid: no such file$/);
    expect(() => readInput(join(d, 'nofolder', 'b.mid'), '--seed')).toThrow(/: no such file$/);
    expect(() => readInput(d, '--seed')).toThrow(/^--seed .*: is a folder, not a file$/);
    expect(() => readInput('', '--seed')).toThrow(/^--seed: the file name is empty$/);
  });

  it('reads all of a stream given as standard input', async () => {
    expect(new TextDecoder().decode(await readStdin(Readable.from([Buffer.from('[[1, '), Buffer.from('2]]')])))).toBe('[[1, 2]]');
  });
});
