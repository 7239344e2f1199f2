// What the bridge is doing now, and how far the next variant has got.
import React from 'react';
import { Box, Text } from 'ink';
import type { EngineSnapshot } from '../../live/types.ts';

export function progressBar(done: number, of: number, width = 8): string {
  const filled = of > 0 ? Math.min(width, Math.max(0, Math.round((done / of) * width))) : 0;
  return '▰'.repeat(filled) + '▱'.repeat(width - filled);
}

function StateLine({ snapshot }: { snapshot: EngineSnapshot }) {
  const { state, settings, loop } = snapshot;
  switch (state.kind) {
    case 'stopped':
      return <Text color="yellow">■ stopped <Text dimColor>· waiting for Start from the DAW</Text></Text>;
    case 'armed':
      if (state.countIn !== undefined) return <Text color="cyan">◌ count-in <Text bold>{state.countIn}</Text> <Text dimColor>· the seed starts on the next bar line</Text></Text>;
      return <Text color="cyan">◌ armed <Text dimColor>· play a seed of {settings.seedBars} bar{settings.seedBars === 1 ? '' : 's'}</Text></Text>;
    case 'capturing':
      return <Text color="redBright">● capturing seed <Text bold>bar {state.bar} of {state.of}</Text></Text>;
    case 'generating':
      return (
        <Text color="blueBright">
          ◐ generating <Text bold>{state.bar}/{state.of} bars</Text> {progressBar(state.bar, state.of)} <Text dimColor>{state.tokens} tokens</Text>
        </Text>
      );
    case 'playing':
      return (
        <Text color="green">
          ▶ playing <Text bold>variant {state.variant}</Text>
          {loop?.loopScore != null ? <Text dimColor> · loop score {loop.loopScore.toFixed(2)}</Text> : null}
          {settings.hold ? <Text color="yellow" bold> · HOLD</Text> : null}
          {settings.muted ? <Text color="red" bold> · MUTED (u)</Text> : null}
        </Text>
      );
  }
}

function NextLine({ snapshot }: { snapshot: EngineSnapshot }) {
  const { next, settings, stats } = snapshot;
  const tail = <Text dimColor>   loops {stats.loopsPlayed} · notes out {stats.notesOut}</Text>;
  if (settings.hold && snapshot.state.kind === 'playing') {
    return <Text dimColor>next: held, this loop repeats (h releases){tail}</Text>;
  }
  if (!next) return <Text dimColor>next: —{tail}</Text>;
  if (next.ready) {
    return <Text>next: <Text color="green">{next.mode} ready ✓</Text> <Text dimColor>swaps in at the loop end</Text>{tail}</Text>;
  }
  return (
    <Text>
      next: {next.mode} <Text color="blueBright">{progressBar(next.bar, next.of)}</Text> {next.bar}/{next.of} bars <Text dimColor>· {next.tokens} tok</Text>{tail}
    </Text>
  );
}

export function BridgeState({ snapshot }: { snapshot: EngineSnapshot }) {
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end"><StateLine snapshot={snapshot} /></Text>
      <Text wrap="truncate-end"><NextLine snapshot={snapshot} /></Text>
    </Box>
  );
}
