// One line at the bottom: an engine error always; otherwise the newer of the engine's status and
// what the UI just did; otherwise a hint.
import React, { useRef } from 'react';
import { Text } from 'ink';
import type { EngineSnapshot } from '../../live/types.ts';

const LOOK = {
  error: { icon: '✖', color: 'red' },
  warn: { icon: '!', color: 'yellow' },
  info: { icon: '·', color: undefined },
} as const;

interface Props {
  status: EngineSnapshot['status'];
  notice: string | null;
  noticeAt: number;
}

export function StatusLine({ status, notice, noticeAt }: Props) {
  // When the engine's status last changed, as first seen here.
  const seen = useRef({ key: '', at: 0 });
  const key = JSON.stringify(status);
  if (key !== seen.current.key) seen.current = { key, at: Date.now() };

  if (status && (status.level === 'error' || !notice || seen.current.at >= noticeAt)) {
    const look = LOOK[status.level];
    return (
      <Text wrap="truncate-end" color={look.color}>
        {look.icon} {status.message}
      </Text>
    );
  }
  if (notice) return <Text wrap="truncate-end" color="cyan">{notice}</Text>;
  return <Text dimColor wrap="truncate-end">? all keys  tab more controls  l MIDI learn  u mute  o/w preset</Text>;
}
