import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportLoop, exportName, loopToMidi, passEvents, seedTag } from '../../src/loop/export.ts';
import { Variant } from '../../src/loop/variant.ts';
import { readMidi } from '../../src/midi/file.ts';
import { readSmf } from '../midi/smfRead.ts';

/** An 8-bar loop: a note per beat, the last one of each bar ringing over the bar line. */
function loop(bars = 8, ticksPerBar = 96): Variant {
  const v = new Variant(5, bars, ticksPerBar);
  for (let b = 0; b < bars; b++) {
    v.setBar(b, [
      { pitch: 60 + b, velocity: 100, start: 0, duration: 24 },
      { pitch: 64, velocity: 80, start: 24, duration: 12 },
      { pitch: 67, velocity: 90, start: ticksPerBar - 24, duration: 120 }, // into the next bar (or past the loop end)
    ]);
  }
  return v;
}

describe('loop export', () => {
  it('writes exactly 8 bars at the session tempo and meter, on the output channel, from bar 1', () => {
    const v = loop();
    const file = readSmf(loopToMidi(v, { bpm: 123.5, meter: { beatsPerBar: 4, beatUnit: 4 }, channel: 3 }));
    expect(file.ppq).toBe(480);
    expect(file.tempos).toHaveLength(1);
    expect(file.tempos[0].tick).toBe(0);
    expect(file.tempos[0].bpm).toBeCloseTo(123.5, 2);
    expect(file.meters).toEqual([{ tick: 0, numerator: 4, denominator: 4 }]);
    expect(file.trackEnds).toEqual([8 * 4 * 480, 8 * 4 * 480]); // both tracks end on the 9th bar line
    expect(new Set(file.notes.map((n) => n.channel))).toEqual(new Set([2]));
    expect(file.notes[0]).toMatchObject({ tick: 0, on: true, pitch: 60 });
    expect(Math.max(...file.notes.map((n) => n.tick))).toBe(8 * 4 * 480); // the last note is cut at the loop end
  });

  it("has the player's notes: a same-pitch note ends where the next begins", () => {
    const v = loop(2);
    const score = readMidi(loopToMidi(v, { bpm: 120, meter: { beatsPerBar: 4, beatUnit: 4 }, channel: 1 }));
    const notes = score.tracks.flatMap((t) => t.notes).map((n) => [n.start / 20, n.pitch, n.duration / 20]);
    const expected = v.events().map((n) => [n.tick, n.pitch, n.end - n.tick]);
    expect(notes.sort()).toEqual(expected.sort());
    expect(notes).toContainEqual([72, 67, 96]); // bar 1's last 67 is cut by bar 2's
    expect(notes).toContainEqual([168, 67, 24]); // and bar 2's by the loop end
  });

  it('scales velocities as the live output does', () => {
    const ons = passEvents(loop(1), 50).filter((e) => e.on);
    expect(ons.map((e) => e.velocity)).toEqual([50, 40, 45]);
    expect(passEvents(loop(1), 200).filter((e) => e.on).map((e) => e.velocity)).toEqual([127, 127, 127]);
  });

  it('writes 6/8 bars of 72 clock ticks, and the meter meta says 6/8', () => {
    const file = readSmf(loopToMidi(loop(4, 72), { bpm: 90, meter: { beatsPerBar: 6, beatUnit: 8 }, channel: 10 }));
    expect(file.meters).toEqual([{ tick: 0, numerator: 6, denominator: 8 }]);
    expect(file.trackEnds[1]).toBe(4 * 3 * 480);
    expect(file.notes.every((n) => n.channel === 9)).toBe(true);
  });

  it('names the file by seed, variant and time, writes it atomically into the folder, names a bad folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seedloop-export-'));
    const at = new Date(2026, 10, 30, 19, 5, 7);
    const tag = seedTag([1, 3, 60, 200]);
    expect(tag).toMatch(/^[0-9a-f]{6}$/);
    expect(seedTag([1, 3, 60, 201])).not.toBe(tag);
    expect(exportName(tag, 12, at)).toBe(`seedloop-seed${tag}-v12-20261130-190507.mid`);
    const path = await exportLoop(dir, loop(), { bpm: 120, meter: { beatsPerBar: 4, beatUnit: 4 }, channel: 1 }, tag, at);
    expect(path).toBe(join(dir, exportName(tag, 5, at)));
    expect(readdirSync(dir)).toEqual([exportName(tag, 5, at)]); // no temp file left behind
    expect(readSmf(new Uint8Array(readFileSync(path))).notes.length).toBe(8 * 3 * 2);
    await expect(exportLoop(join(dir, 'missing'), loop(), { bpm: 120, meter: { beatsPerBar: 4, beatUnit: 4 }, channel: 1 }, tag)).rejects.toThrow(/--export-dir .*missing.* does not exist/);
    const half = new Variant(9, 2);
    half.setBar(0, []);
    await expect(exportLoop(dir, half, { bpm: 120, meter: { beatsPerBar: 4, beatUnit: 4 }, channel: 1 }, tag)).rejects.toThrow('variant 9 is still being generated (1 of 2 bars)');
  });
});
