// The settings in two columns: value, direct keys, MIDI-learn binding; the selected one highlighted.
import React from 'react';
import { Box, Text } from 'ink';
import type { EngineSnapshot, SettingKey } from '../../live/types.ts';
import { CONTROLS, type ControlSpec } from '../settingControls.ts';

interface Props {
  snapshot: EngineSnapshot;
  selected: SettingKey;
  valueOf: (key: SettingKey) => number; // the engine's value, or the one just sent
}

function ControlRow({ spec, props }: { spec: ControlSpec; props: Props }) {
  const { snapshot, selected, valueOf } = props;
  const isSelected = spec.key === selected;
  const learning = snapshot.learn.armedFor === spec.key;
  const binding = snapshot.learn.bindings.find((b) => b.target === spec.key);
  const keys = spec.lowerKey ? `${spec.lowerKey}/${spec.raiseKey}` : '';
  return (
    <Text wrap="truncate-end">
      <Text color="cyan">{isSelected ? '› ' : '  '}</Text>
      <Text inverse={isSelected}>{spec.label.padEnd(12)}</Text>
      <Text bold>{spec.format(valueOf(spec.key)).padStart(6)}</Text>
      <Text dimColor>{`  ${keys}`.padEnd(6)}</Text>
      {learning ? (
        <Text color="magentaBright"> ◉ move a knob</Text>
      ) : binding ? (
        <Text color="magenta">{` cc${binding.cc}/ch${binding.channel}`}</Text>
      ) : null}
    </Text>
  );
}

export function Controls(props: Props) {
  const half = Math.ceil(CONTROLS.length / 2);
  const hold = props.snapshot.settings.hold;
  return (
    <Box>
      <Box flexDirection="column" width={40}>
        {CONTROLS.slice(0, half).map((spec) => <ControlRow key={spec.key} spec={spec} props={props} />)}
      </Box>
      <Box flexDirection="column" width={40}>
        {CONTROLS.slice(half).map((spec) => <ControlRow key={spec.key} spec={spec} props={props} />)}
        <Text>
          {'  '}
          {'hold'.padEnd(12)}
          <Text bold color={hold ? 'yellow' : undefined}>{(hold ? 'on' : 'off').padStart(6)}</Text>
          <Text dimColor>  h</Text>
        </Text>
      </Box>
    </Box>
  );
}
