// SIGTERM and SIGINT while the loop plays: the process leaves no note hanging (the last status line
// says stopped with 0 hanging notes) and exits with the signal's code.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function runUntilPlayingThenSignal(signal: NodeJS.Signals): Promise<{ code: number | null; lines: { stopped?: boolean; stats?: { hangingNotes: number; notesOut: number } }[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/seedloop.js', 'live', '--demo', '--json', '--bpm', '300', '--loop-bars', '1', '--loops', '1000', '--no-priority'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const lines: { stopped?: boolean; state?: { kind: string }; stats?: { hangingNotes: number; notesOut: number } }[] = [];
    let buffer = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          lines.push(JSON.parse(line));
        } catch {
          continue;
        }
        const last = lines[lines.length - 1];
        if (!sent && last.state?.kind === 'playing' && (last.stats?.notesOut ?? 0) > 3) {
          sent = true;
          child.kill(signal);
        }
      }
    });
    child.on('exit', (code) => resolve({ code, lines }));
  });
}

describe('signals while playing', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s: every note-off is sent before exit', async (signal, code) => {
    const r = await runUntilPlayingThenSignal(signal);
    expect(r.code).toBe(code);
    const last = r.lines.filter((l) => 'stopped' in l).pop()!;
    expect(last.stopped).toBe(true);
    expect(last.stats?.notesOut).toBeGreaterThan(3);
    expect(last.stats?.hangingNotes).toBe(0);
  }, 90_000);
});
