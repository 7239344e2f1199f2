// A short list of presets: ↑↓ to choose, enter to load, esc to close.
import React from 'react';
import { Box, Text } from 'ink';

const VISIBLE = 10;

export function PresetPicker({ names, index, current }: { names: string[] | null; index: number; current: string }) {
  const first = Math.max(0, Math.min(index - Math.floor(VISIBLE / 2), names ? names.length - VISIBLE : 0));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="magenta" paddingX={1}>
      <Text bold color="magenta">presets <Text dimColor>↑↓ choose · enter load · esc close</Text></Text>
      {names === null ? <Text dimColor>reading presets/…</Text> : null}
      {names?.length === 0 ? <Text dimColor>no presets yet: w saves the current settings as one</Text> : null}
      {names?.slice(first, first + VISIBLE).map((name, i) => (
        <Text key={name} wrap="truncate-end">
          <Text color="cyan">{first + i === index ? '› ' : '  '}</Text>
          <Text inverse={first + i === index}>{name}</Text>
          {name === current ? <Text dimColor> (current)</Text> : null}
        </Text>
      ))}
    </Box>
  );
}
