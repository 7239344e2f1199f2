// The settings file: a file that cannot be read is never overwritten and is named once with the reason;
// a rewrite keeps settings.json.bak and every other key.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBindings, saveBindings } from '../../src/live/learn.ts';
import { readSettingsFile, warnIfSettingsIgnored } from '../../src/live/settingsFile.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'seedloop-settings-'));
const binding = { cc: 21, channel: 1, target: 'temperature' as const };

describe('settings file', () => {
  it('a file that does not parse is left exactly as it was when a binding is saved', () => {
    const d = fresh();
    const path = join(d, 'settings.json');
    const garbage = '{"theme": "dark", "bindings": [ oops';
    writeFileSync(path, garbage);
    expect(loadBindings(path)).toEqual([]);
    saveBindings(path, [binding]);
    expect(readFileSync(path, 'utf8')).toBe(garbage);
    expect(readdirSync(d)).toEqual(['settings.json']);
  });

  it('a rewrite keeps the other keys and the previous file as settings.json.bak, with no temp file left', () => {
    const d = fresh();
    const path = join(d, 'settings.json');
    const before = '{"theme": "dark", "bindings": []}';
    writeFileSync(path, before);
    saveBindings(path, [binding]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ theme: 'dark', bindings: [binding] });
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(before);
    expect(readdirSync(d).sort()).toEqual(['settings.json', 'settings.json.bak']);
    expect(loadBindings(path)).toEqual([binding]);
  });

  it('a missing file (and folder) is created, with no backup', () => {
    const d = fresh();
    const path = join(d, 'new', 'settings.json');
    saveBindings(path, [binding]);
    expect(readdirSync(join(d, 'new'))).toEqual(['settings.json']);
  });

  it.each([
    ['not JSON', '{', /^not valid JSON/],
    ['a JSON list', '[1, 2]', /^not a JSON object$/],
    ['JSON null', 'null', /^not a JSON object$/],
  ])('%s is ignored with its reason, and never overwritten', (_kind, text, reason) => {
    const d = fresh();
    const path = join(d, 'settings.json');
    writeFileSync(path, text);
    expect(readSettingsFile(path).ignored).toMatch(reason);
    saveBindings(path, [binding]);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('a folder in its place is ignored, with its reason', () => {
    const d = fresh();
    mkdirSync(join(d, 'settings.json'));
    expect(readSettingsFile(join(d, 'settings.json')).ignored).toBe('it is a folder');
    expect(() => saveBindings(join(d, 'settings.json'), [binding])).not.toThrow();
  });

  it('says once that a garbage file is ignored, naming it and why', () => {
    const d = fresh();
    const path = join(d, 'settings.json');
    writeFileSync(path, 'garbage');
    const lines: string[] = [];
    warnIfSettingsIgnored(path, (l) => lines.push(l));
    warnIfSettingsIgnored(path, (l) => lines.push(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^seedloop: ignoring ${path}: not valid JSON \\(.*\\); MIDI-learn bindings will not be saved until it is fixed or removed\\n$`));
    const good = join(d, 'good.json');
    writeFileSync(good, '{}');
    expect(warnIfSettingsIgnored(good, (l) => lines.push(l))).toBeNull();
  });
});
