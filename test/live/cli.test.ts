// The command line on a machine with no MIDI service (this one: no /dev/snd): one clear line, no
// ALSA noise from the native library, exit status 1.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/seedloop.js', ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, SEEDLOOP_DEBUG: '' } });

describe.skipIf(existsSync('/dev/snd/seq'))('seedloop live without a MIDI service', () => {
  it('says so in one line with what to do, and nothing else', () => {
    for (const args of [['live'], ['ports']]) {
      const r = run(...args);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^seedloop: no MIDI service: .*snd-seq.*--demo/);
      expect(r.stderr).not.toMatch(/ALSA lib|MidiInAlsa/);
    }
  });

  it('names a bad value in one line', () => {
    const r = run('live', '--demo', '--channel', '17');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('seedloop: --channel 17: must be 1-16');
  });
});
