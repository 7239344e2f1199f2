// Every key, in two columns, from the same table the input handler uses.
import React from 'react';
import { Box, Text } from 'ink';
import { HELP_ROWS } from '../keymap.ts';

function Column({ rows }: { rows: typeof HELP_ROWS }) {
  return (
    <Box flexDirection="column" width={37}>
      {rows.map((row) => (
        <Text key={row.keys} wrap="truncate-end">
          <Text bold color="cyan">{row.keys.padEnd(9)}</Text>
          {row.help}
        </Text>
      ))}
    </Box>
  );
}

export function HelpOverlay() {
  const half = Math.ceil(HELP_ROWS.length / 2);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold>
        keys <Text dimColor>· changes apply to the next variant · any key closes</Text>
      </Text>
      <Box>
        <Column rows={HELP_ROWS.slice(0, half)} />
        <Column rows={HELP_ROWS.slice(half)} />
      </Box>
    </Box>
  );
}
