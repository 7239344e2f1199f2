// The settings a page at a time (two groups side by side, so 80x24 holds every control): value,
// direct keys, MIDI-learn binding; the selected one highlighted, its page shown.
import React from 'react';
import { Box, Text } from 'ink';
import type { EngineSnapshot, SettingKey } from '../../live/types.ts';
import { groupControls, pageOf, PAGES, type ControlGroup, type ControlSpec } from '../settingControls.ts';

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

function Group({ group, props, title }: { group: ControlGroup; props: Props; title: string }) {
  const hold = props.snapshot.settings.hold;
  return (
    <Box flexDirection="column" width={40}>
      <Text bold color="cyan" wrap="truncate-end">{title}</Text>
      {groupControls(group).map((spec) => <ControlRow key={spec.key} spec={spec} props={props} />)}
      {group === 'loop' ? (
        <Text>
          {'  '}
          {'hold'.padEnd(12)}
          <Text bold color={hold ? 'yellow' : undefined}>{(hold ? 'on' : 'off').padStart(6)}</Text>
          <Text dimColor>  h</Text>
        </Text>
      ) : null}
    </Box>
  );
}

export function Controls(props: Props) {
  const page = pageOf(props.selected);
  const groups = PAGES[page];
  const pager = `  · page ${page + 1}/${PAGES.length} · tab`;
  return (
    <Box>
      {groups.map((group, i) => (
        <Group key={group} group={group} props={props} title={i === groups.length - 1 ? `${group}${pager}` : group} />
      ))}
    </Box>
  );
}
