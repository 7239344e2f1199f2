import { describe, expect, it } from 'vitest';
import { resolvePort } from '../../src/midi/transport.ts';

describe('resolvePort', () => {
  const names = ['Midi Through Port-0', 'IAC Driver Bus 1', 'Launchkey MK3 MIDI 1'];
  it('takes an index, an exact name, or a case-insensitive part of a name', () => {
    expect(resolvePort(names, 1)).toBe(1);
    expect(resolvePort(names, '2')).toBe(2);
    expect(resolvePort(names, 'IAC Driver Bus 1')).toBe(1);
    expect(resolvePort(names, 'launchkey')).toBe(2);
  });
  it('returns -1 for what is not there', () => {
    expect(resolvePort(names, 3)).toBe(-1);
    expect(resolvePort(names, 'Digitakt')).toBe(-1);
  });
});
