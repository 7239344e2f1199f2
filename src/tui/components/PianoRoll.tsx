// One roll: a title line, then rows of half blocks framed per bar, pitch names in the gutter.
import React from 'react';
import { Box, Text } from 'ink';
import type { RollNote } from '../../live/types.ts';
import { DEFAULT_ROLL, pitchName, renderRoll } from '../roll.ts';

const GUTTER = 4;

interface Props {
  title: string;
  notes: RollNote[];
  bars: number; // bars that hold music; the rest of the 8 are drawn empty and dim
  beatsPerBar: number;
  rows: number;
  color: string;
  empty?: string; // shown in the title when there is nothing yet
}

export function PianoRoll({ title, notes, bars, beatsPerBar, rows, color, empty }: Props) {
  const layout = { ...DEFAULT_ROLL, beatsPerBar, rows };
  const grid = renderRoll(notes, layout);
  const label = (row: number) => {
    if (grid.highPitch === null || grid.lowPitch === null) return '';
    if (row === 0) return pitchName(grid.highPitch);
    if (row === rows - 1) return pitchName(grid.lowPitch);
    return '';
  };
  // Characters of a line up to the end of the last bar that holds music.
  const liveWidth = 1 + Math.min(bars, layout.totalBars) * (layout.colsPerBar + 1);
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
          <Text color={color}>{line.slice(0, liveWidth)}</Text>
          <Text dimColor>{line.slice(liveWidth)}</Text>
        </Text>
      ))}
    </Box>
  );
}
