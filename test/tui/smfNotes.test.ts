import { describe, expect, it } from 'vitest';
import { noteBalance } from './smfNotes.ts';

/** A one-track SMF around raw track bytes. */
function smf(track: number[]): Uint8Array {
  const len = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const head = [...'MThd'].map((c) => c.charCodeAt(0)).concat(len(6), [0, 0, 0, 1, 1, 224]);
  const body = [...track, 0x00, 0xff, 0x2f, 0x00];
  return new Uint8Array([...head, ...[...'MTrk'].map((c) => c.charCodeAt(0)), ...len(body.length), ...body]);
}

describe('the recording check itself', () => {
  it('pairs note-ons with note-offs, through running status and velocity-0 offs', () => {
    // on 60, (running status) on 64, off 60 as velocity 0, a tempo meta, then 0x80 off for 64.
    const bytes = smf([0, 0x90, 60, 100, 0, 64, 90, 0x83, 0x60, 60, 0, 0, 0xff, 0x51, 3, 7, 161, 32, 0, 0x80, 64, 0]);
    expect(noteBalance(bytes)).toEqual({ noteOns: 2, noteOffs: 2, hanging: [] });
  });

  it('finds a note left hanging', () => {
    const bytes = smf([0, 0x91, 60, 100, 0, 0x91, 62, 100, 0x60, 0x81, 60, 0]);
    expect(noteBalance(bytes).hanging).toEqual([{ channel: 1, pitch: 62 }]);
  });
});
