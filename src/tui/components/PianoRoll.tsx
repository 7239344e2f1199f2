// One roll: a title line, then rows of half blocks framed per bar, pitch names in the gutter,
// and (when the engine says where it is) the playhead as an inverted column.
import React from 'react';
import { Box, Text } from 'ink';
import type { RollNote } from '../../live/types.ts';
import { DEFAULT_ROLL, pitchName, renderRoll, type RollLayout } from '../roll.ts';

const GUTTER = 4;

interface Props {
  title: string;
  notes: RollNote[];
  bars: number; // bars that hold music; the rest of the 8 are drawn dim
  beatsPerBar: number;
  rows: number;
  color: string;
  empty?: string; // shown in the title when there is nothing yet
  playhead?: number; // beats from the start
}

/** Index in a rendered line of grid column `col` (lines start with a frame and frame every bar). */
const charIndex = (col: number, layout: RollLayout) => 1 + col + Math.floor(col / layout.colsPerBar);

export function PianoRoll({ title, notes, bars, beatsPerBar, rows, color, empty, playhead }: Props) {
  const layout = { ...DEFAULT_ROLL, beatsPerBar, rows };
  const grid = renderRoll(notes, layout);
  const label = (row: number) => {
    if (grid.highPitch === null || grid.lowPitch === null) return '';
    if (row === 0) return pitchName(grid.highPitch);
    if (row === rows - 1) return pitchName(grid.lowPitch);
    return '';
  };
  const liveWidth = charIndex(Math.min(bars, layout.totalBars) * layout.colsPerBar, layout);
  const headCol = playhead === undefined ? -1 : Math.floor(playhead / (beatsPerBar / layout.colsPerBar));
  const head = headCol >= 0 && headCol < bars * layout.colsPerBar ? charIndex(headCol, layout) : -1;
  // Characters up to the end of the last bar that holds music are drawn in colour, the rest dim.
  const segment = (line: string, from: number, to: number) => (
    <>
      <Text color={color}>{line.slice(from, Math.min(to, liveWidth))}</Text>
      <Text dimColor>{line.slice(Math.max(from, liveWidth), to)}</Text>
    </>
  );
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold color={color}>{title}</Text>
        {notes.length === 0 && empty ? <Text dimColor>  {empty}</Text> : null}
        {grid.squeezed ? <Text dimColor>  (pitches squeezed)</Text> : null}
      </Text>
      {grid.lines.map((line, row) => (
        <Text key={row} wrap="truncate-end">
          <Text dimColor>{label(row).padEnd(GUTTER)}</Text>
          {head < 0 ? (
            segment(line, 0, line.length)
          ) : (
            <>
              {segment(line, 0, head)}
              <Text color={color} inverse>{line[head]}</Text>
              {segment(line, head + 1, line.length)}
            </>
          )}
        </Text>
      ))}
    </Box>
  );
}
