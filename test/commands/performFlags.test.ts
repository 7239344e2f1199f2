import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPerformFlags } from '../../src/commands/performFlags.ts';

const dir = mkdtempSync(join(tmpdir(), 'seedloop-flags-'));

describe('live performing flags', () => {
  it.each([
    [{ program: 0 }, '--program 0: must be a whole number 1-128'],
    [{ program: 1, bank: 16384 }, '--bank 16384: must be a whole number 0-16383'],
    [{ bank: 3 }, '--bank 3: goes with --program (a bank select alone changes no sound)'],
    [{ 'export-dir': join(dir, 'nope') }, `--export-dir ${join(dir, 'nope')}: folder does not exist`],
    [{ record: join(dir, 'nope', 'x.mid') }, `--record ${join(dir, 'nope', 'x.mid')}: folder ${join(dir, 'nope')} does not exist`],
    [{ record: dir }, `--record ${dir}: is a folder, not a file`],
  ])('%o is refused in one line naming the flag', (args, message) => {
    expect(() => checkPerformFlags(args)).toThrow(message);
  });

  it('names an export folder that is a file, or one it cannot write', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expect(() => checkPerformFlags({ 'export-dir': file })).toThrow(`--export-dir ${file}: is not a folder`);
    if (process.getuid?.() !== 0) {
      const locked = mkdtempSync(join(dir, 'locked-'));
      chmodSync(locked, 0o500);
      expect(() => checkPerformFlags({ 'export-dir': locked })).toThrow(`--export-dir ${locked}: no permission to write there`);
    }
  });

  it('turns good flags into engine options', () => {
    expect(checkPerformFlags({ program: 10, bank: 0, record: join(dir, 's.mid'), 'export-dir': dir })).toEqual({ record: join(dir, 's.mid'), exportDir: dir, program: 10, bank: 0 });
    expect(checkPerformFlags({})).toEqual({ record: null, exportDir: undefined, program: undefined, bank: undefined });
  });
});
