import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLL, noteColumns, pitchName, renderRoll } from '../../src/tui/roll.ts';
import type { RollNote } from '../../src/live/types.ts';

const note = (pitch: number, start: number, duration: number): RollNote => ({ pitch, start, duration, velocity: 100 });
/** Cells of a roll line without the bar frames: column c of the grid is cells[c]. */
const cells = (line: string) => [...line].filter((ch) => ch !== '│');

describe('piano roll', () => {
  it('maps beats to columns: 8 columns per 4/4 bar, an eighth note per column', () => {
    expect(noteColumns(note(60, 0, 0.5), DEFAULT_ROLL)).toEqual([0, 0]);
    expect(noteColumns(note(60, 4, 1), DEFAULT_ROLL)).toEqual([8, 9]); // bar 2, beat 1
    expect(noteColumns(note(60, 10.5, 0.1), DEFAULT_ROLL)).toEqual([21, 21]); // short notes still show
    expect(noteColumns(note(60, 30, 8), DEFAULT_ROLL)).toEqual([60, 63]); // clipped at the last bar
    expect(noteColumns(note(60, 32, 1), DEFAULT_ROLL)).toBeNull(); // past 8 bars
    expect(noteColumns(note(60, 3, 1), { ...DEFAULT_ROLL, beatsPerBar: 3, colsPerBar: 6 })).toEqual([6, 7]); // 3/4: bar 2
  });

  it('puts each note in its bar and column, two pitches per row', () => {
    const grid = renderRoll([note(60, 0, 1), note(61, 4, 0.5), note(62, 8.5, 0.5)], { ...DEFAULT_ROLL, rows: 2 });
    expect(grid.squeezed).toBe(false);
    expect(grid.lowPitch).toBe(60);
    expect(grid.highPitch).toBe(63);
    const [top, bottom] = grid.lines.map(cells);
    // 60 and 61 share the bottom row (61 upper half), 62 is the top row's lower half.
    expect(bottom.slice(0, 2).join('')).toBe('▄▄');
    expect(bottom[8]).toBe('▀');
    expect(top[17]).toBe('▄');
    expect(top.filter((c) => c !== ' ')).toHaveLength(1);
    expect(bottom.filter((c) => c !== ' ')).toHaveLength(3);
    expect(grid.lines[0].split('│')).toHaveLength(10); // frame + 8 bars + frame
  });

  it('draws a full block where both pitches of a row sound at once', () => {
    const grid = renderRoll([note(64, 2, 0.5), note(65, 2, 0.5)], { ...DEFAULT_ROLL, rows: 1 });
    expect(cells(grid.lines[0])[4]).toBe('█');
  });

  it('squeezes a wide range into the rows it has, keeping the extremes at the edges', () => {
    const grid = renderRoll([note(36, 0, 1), note(96, 1, 1)], { ...DEFAULT_ROLL, rows: 3 });
    expect(grid.squeezed).toBe(true);
    expect(cells(grid.lines[2])[0]).toBe('▄');
    expect(cells(grid.lines[0])[2]).toBe('▀');
    expect([grid.lowPitch, grid.highPitch]).toEqual([36, 96]);
  });

  it('draws an empty frame with no notes', () => {
    const grid = renderRoll([], DEFAULT_ROLL);
    expect(grid.lines).toHaveLength(6);
    expect(grid.lines.every((l) => cells(l).every((c) => c === ' '))).toBe(true);
    expect(grid.lines[0].length).toBe(1 + 8 * 9);
  });

  it('names pitches with middle C as C4', () => {
    expect([pitchName(60), pitchName(61), pitchName(21), pitchName(108)]).toEqual(['C4', 'C#4', 'A0', 'C8']);
  });
});
