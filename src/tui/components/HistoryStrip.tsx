// The variant history on one line: the playing one in brackets, the queued one with ›, the favourite
// with ★; older ones drop off the left when the line is full. Then what is being recorded.
import React from 'react';
import { Text } from 'ink';
import type { EngineSnapshot } from '../../live/types.ts';

/** The strip as text cells (plain, so tests and the plain log can share it). */
export function historyCells(perform: EngineSnapshot['perform'], width = 52): string[] {
  const cells = perform.history.map((h) => {
    const id = `${h.variant}${h.favourite ? '★' : ''}`;
    return h.playing ? `[${id}]` : h.queued ? `${id}›` : id;
  });
  let used = 0;
  let from = cells.length;
  while (from > 0 && used + cells[from - 1].length + 1 <= width) used += cells[--from].length + 1;
  return from > 0 ? ['…', ...cells.slice(from)] : cells;
}

export function HistoryStrip({ snapshot }: { snapshot: EngineSnapshot }) {
  const { perform } = snapshot;
  const cells = historyCells(perform);
  return (
    <Text wrap="truncate-end">
      <Text dimColor>history </Text>
      {cells.length ? (
        cells.map((c, i) => (
          <Text key={i} bold={c.startsWith('[')} color={c.startsWith('[') ? 'green' : c.endsWith('›') ? 'blueBright' : undefined}>
            {c}{' '}
          </Text>
        ))
      ) : (
        <Text dimColor>— </Text>
      )}
      <Text dimColor>[ ] step  f fav  e export</Text>
      {perform.recording ? <Text color="red">  ● rec</Text> : null}
    </Text>
  );
}
