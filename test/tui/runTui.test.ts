import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runTui } from '../../src/tui/index.tsx';
import { ScriptedEngine } from './scriptedEngine.ts';
import { until, plain } from './poll.ts';

/** A pretend terminal: raw-mode capable input, 80x24 output that keeps what was written. */
function fakeTerminal() {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin });
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 80, rows: 24 });
  let written = '';
  stdout.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return {
    io: { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream, patchConsole: false },
    type: (keys: string) => stdin.write(keys),
    screen: () => plain(written),
  };
}

describe('runTui', () => {
  it('resolves only once the engine reports it stopped', async () => {
    const engine = new ScriptedEngine();
    engine.stopsOnQuit = false;
    const term = fakeTerminal();
    let resolved = false;
    const done = runTui(engine, { ...term.io, listPresets: async () => [] }).then(() => (resolved = true));
    await until(term.screen, (s) => s.includes('temperature'));
    term.type('q');
    await until(term.screen, (s) => s.includes('stopping: sending note-offs'));
    expect(engine.commands).toEqual([{ type: 'quit' }]);
    expect(resolved).toBe(false);
    engine.push({ stopped: true });
    await done;
    expect(engine.listenerCount()).toBe(0);
  });

  it('handles a burst of keys in one read as separate presses', async () => {
    const engine = new ScriptedEngine();
    const term = fakeTerminal();
    const done = runTui(engine, { ...term.io, listPresets: async () => [] });
    await until(term.screen, (s) => s.includes('temperature'));
    term.type('TTr');
    await until(term.screen, (s) => s.includes('1.10'));
    term.type('\u0003'); // Ctrl-C
    await done;
    expect(engine.commands).toEqual([
      { type: 'set', key: 'temperature', value: 1.05 },
      { type: 'set', key: 'temperature', value: 1.1 },
      { type: 'regenerate' },
      { type: 'quit' },
    ]);
  });

  it('gives up waiting after the third Ctrl-C when the engine never stops', async () => {
    const engine = new ScriptedEngine();
    engine.stopsOnQuit = false;
    const term = fakeTerminal();
    const done = runTui(engine, { ...term.io, listPresets: async () => [] });
    await until(term.screen, (s) => s.includes('temperature'));
    term.type('\u0003');
    await until(term.screen, (s) => s.includes('stopping'));
    term.type('\u0003');
    await until(term.screen, (s) => s.includes('1 more ^C leaves anyway'));
    term.type('\u0003');
    await done;
    expect(engine.commands).toEqual([{ type: 'quit' }, { type: 'quit' }, { type: 'quit' }]);
  });

  it('refuses to start without a terminal, in one line', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream;
    await expect(runTui(new ScriptedEngine(), { stdin })).rejects.toThrow(/needs a terminal/);
  });
});
