// One line at the bottom: the engine's errors first, then what the UI just did, then a hint.
import React from 'react';
import { Text } from 'ink';
import type { EngineSnapshot } from '../../live/types.ts';

const LOOK = {
  error: { icon: '✖', color: 'red' },
  warn: { icon: '!', color: 'yellow' },
  info: { icon: '·', color: undefined },
} as const;

export function StatusLine({ status, notice }: { status: EngineSnapshot['status']; notice: string | null }) {
  if (status && (status.level === 'error' || !notice)) {
    const look = LOOK[status.level];
    return (
      <Text wrap="truncate-end" color={look.color}>
        {look.icon} {status.message}
      </Text>
    );
  }
  if (notice) return <Text wrap="truncate-end" color="cyan">{notice}</Text>;
  return <Text dimColor wrap="truncate-end">? all keys  l MIDI learn  o open preset  w save preset</Text>;
}
