// The whole screen: engine snapshot in, commands out (through TuiController). React only; no timing code here.
import React, { useEffect, useReducer, useRef } from 'react';
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import type { Bridge, EngineSnapshot } from '../live/types.ts';
import { TuiController } from './controller.ts';
import { useEngineSnapshot } from './useEngineSnapshot.ts';
import { Header } from './components/Header.tsx';
import { BridgeState } from './components/BridgeState.tsx';
import { PianoRoll } from './components/PianoRoll.tsx';
import { Controls } from './components/Controls.tsx';
import { HelpOverlay } from './components/HelpOverlay.tsx';
import { PresetPicker } from './components/PresetPicker.tsx';
import { NameInput } from './components/NameInput.tsx';
import { StatusLine } from './components/StatusLine.tsx';
import { HistoryStrip } from './components/HistoryStrip.tsx';

export interface AppProps {
  engine: Bridge;
  title?: string;
  fps?: number;
  listPresets: () => Promise<string[]>;
}

export const HINT = '↑↓ select  ←→ change  r regen  m mutate  h hold  a re-arm  x panic  q quit';

export function App({ engine, title = 'seedloop', fps, listPresets }: AppProps) {
  const snapshot = useEngineSnapshot(engine, fps);
  const { exit } = useApp();
  const { stdout } = useStdout();
  const width = Math.min(80, stdout.columns || 80); // laid out for 80 columns; narrower terminals truncate
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const controller = useRef<TuiController | null>(null);
  controller.current ??= new TuiController(engine, listPresets, redraw, () => exit());
  const ui = controller.current;

  useEffect(() => {
    if (snapshot.stopped) exit();
  }, [snapshot.stopped, exit]);

  useInput((input, key) => ui.handleKey(input, key));

  const { mode } = ui.state;
  return (
    <Box flexDirection="column" width={width}>
      <Header snapshot={snapshot} title={title} />
      <BridgeState snapshot={snapshot} />
      {mode === 'help' ? (
        <HelpOverlay />
      ) : mode === 'presets' ? (
        <PresetPicker names={ui.state.presetNames} index={ui.state.presetIndex} current={snapshot.settings.preset} />
      ) : (
        <>
          <Rolls snapshot={snapshot} />
          <HistoryStrip snapshot={snapshot} />
          <Controls snapshot={snapshot} selected={ui.state.selected} valueOf={(key) => ui.valueOf(key, snapshot.settings)} />
        </>
      )}
      <Text dimColor wrap="truncate-end">{HINT}</Text>
      {mode === 'save' ? <NameInput value={ui.state.draft} /> : <StatusLine status={snapshot.status} notice={ui.state.notice} noticeAt={ui.state.noticeAt} />}
    </Box>
  );
}

function Rolls({ snapshot }: { snapshot: EngineSnapshot }) {
  const { seed, loop, settings } = snapshot;
  const beatsPerBar = snapshot.clock.beatsPerBar ?? 4;
  const plural = (n: number) => `${n} bar${n === 1 ? '' : 's'}`;
  return (
    <Box flexDirection="column">
      <PianoRoll
        title={seed ? `seed · ${plural(seed.bars)}${snapshot.groove ? ` · ${snapshot.groove}` : ''}` : 'seed'}
        notes={seed?.notes ?? []}
        bars={seed?.bars ?? settings.seedBars}
        beatsPerBar={beatsPerBar}
        rows={4}
        color="green"
        empty="none yet: play one when armed"
      />
      <PianoRoll
        title={loop ? `loop · variant ${loop.variant} · ${plural(loop.bars)}` : 'loop'}
        notes={loop?.notes ?? []}
        bars={loop?.bars ?? settings.loopBars}
        beatsPerBar={beatsPerBar}
        rows={5}
        color="cyan"
        empty="none yet"
        playhead={loop?.position}
      />
    </Box>
  );
}
