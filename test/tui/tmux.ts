// A real terminal for end-to-end runs: one tmux server on a private socket, one 80x24 window.
import { execFileSync, spawnSync } from 'node:child_process';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export class TmuxTerminal {
  private readonly socket = `seedloop-e2e-${process.pid}-${Date.now()}`;

  constructor(command: string, cwd: string, size = { columns: 80, rows: 24 }) {
    this.tmux('new-session', '-d', '-s', 'e2e', '-x', String(size.columns), '-y', String(size.rows), '-c', cwd, command);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'e2e');
  }

  /** Keys in tmux's names: 'T', 'r', 'q', 'C-c', 'Up'... each sent as its own key press. */
  keys(...keys: string[]): void {
    for (const key of keys) this.tmux('send-keys', '-t', 'e2e', key);
  }

  async waitFor(check: (screen: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (check(screen)) return screen;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; the screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
