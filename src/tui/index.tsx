// Placeholder until the TUI lands: the issue-6 owner replaces this file.
import type { Engine } from '../live/types.ts';

export async function runTui(_engine: Engine, _opts: { title?: string } = {}): Promise<void> {
  throw new Error('The terminal UI is not built yet; use --plain or --json.');
}
