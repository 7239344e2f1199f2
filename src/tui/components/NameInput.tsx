// The one text field: a preset name, typed in place of the status line.
import React from 'react';
import { Text } from 'ink';

export const PRESET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

export function NameInput({ value }: { value: string }) {
  const valid = value === '' || PRESET_NAME.test(value);
  return (
    <Text wrap="truncate-end">
      <Text color="magenta">save preset as: </Text>
      <Text bold>{value}</Text>
      <Text inverse> </Text>
      <Text dimColor={valid} color={valid ? undefined : 'red'}>
        {valid ? '  enter saves · esc cancels' : '  letters, digits, - and _ only'}
      </Text>
    </Text>
  );
}
