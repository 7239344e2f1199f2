// Two lines: what is connected, and where the transport is.
import React from 'react';
import { Box, Text } from 'ink';
import type { EngineSnapshot } from '../../live/types.ts';

export function Header({ snapshot, title }: { snapshot: EngineSnapshot; title: string }) {
  const { ports, clock, model, settings } = snapshot;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold color="magentaBright">{title}</Text>
        <Text dimColor>  in </Text>
        <Text>{ports.input || '—'}</Text>
        <Text dimColor>  out </Text>
        <Text>{ports.output || '—'}</Text>
        <Text dimColor>  model </Text>
        <Text>{model.name || '—'}</Text>
        <Text dimColor> on </Text>
        <Text>{model.provider || '—'}</Text>
      </Text>
      <Text wrap="truncate-end">
        {clock.running ? <Text color="green">▶ running</Text> : <Text color="yellow">■ stopped</Text>}
        <Text dimColor>  clock </Text>
        <Text>{clock.source}</Text>
        <Text dimColor>  </Text>
        <Text bold>{clock.bpm > 0 ? clock.bpm.toFixed(1) : '—'}</Text>
        <Text dimColor> BPM  </Text>
        {clock.meter ? <Text>{`${clock.meter}  `}</Text> : null}
        <Text dimColor>bar </Text>
        <Text bold>{`${clock.bar}:${clock.beat}`}</Text>
        <Text dimColor>  preset </Text>
        <Text>{settings.preset || '—'}</Text>
        <Text dimColor>  ch </Text>
        <Text>{settings.channel}</Text>
      </Text>
    </Box>
  );
}
