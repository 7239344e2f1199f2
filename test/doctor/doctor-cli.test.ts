// seedloop doctor on this machine and the tiny model: every line, each agreeing with what the probes say.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { probeNativeMidi } from '../../src/midi/probe.ts';
import { providerStatus, PROVIDERS, thisHost } from '../../src/model/providers.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/seedloop.js', import.meta.url).pathname;
const MODEL = new URL('../fixtures/tiny-model/', import.meta.url).pathname;

describe('seedloop doctor', () => {
  it('one line per check, a fix on every failure, the exit status says whether anything failed', async () => {
    const got = await run('node', [BIN, 'doctor', '--model', MODEL, '--threads', '1']).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    process.stdout.write(got.stdout); // the run's own numbers, for the log
    expect(got.stderr).toBe('');
    const lines = got.stdout.trim().split('\n');
    const names = lines.slice(0, -1).map((l) => l.slice(5, 13).trim());
    expect(names).toEqual(['midi', 'virtual', ...PROVIDERS, 'model', 'int8', 'fp32', 'load', 'cpu', ...names.slice(13, -2), 'auto', 'loop']);
    for (const l of lines.slice(0, -1)) {
      expect(l).toMatch(/^(ok {2}|FAIL|off | -- ) \S+ +\S/);
      if (/^(FAIL|off )/.test(l)) expect(l).toContain('; fix: ');
    }

    const probe = probeNativeMidi();
    expect(lines[0].startsWith(probe.ok ? 'ok   midi' : 'FAIL midi     no MIDI service')).toBe(true);
    const host = thisHost();
    PROVIDERS.forEach((p, i) => {
      const s = providerStatus(p, host);
      expect(lines[2 + i].slice(0, 4)).toBe(s.ok ? 'ok  ' : s.why.startsWith('not on this platform') ? ' -- ' : 'off ');
    });
    expect(lines[7]).toContain('tiny-model');
    expect(lines[8]).toMatch(/^ok   int8     model\.int8\.onnx /);
    expect(lines[9]).toMatch(/^ok   fp32     model\.onnx /);
    expect(lines[11]).toMatch(/^ok   cpu      \d+ tok\/s at batch 1, \d+ at batch 4 \(prefill \+ 32 steps\)$/);
    expect(lines.at(-3)).toMatch(/^ok   auto     picks \w+ \(never slower than the CPU\)$/);
    expect(lines.at(-2)).toMatch(/^(ok {2}|FAIL) loop     8-bar loop in \d+ ms \(\d+ tokens\) on \w+; one bar at 120 BPM is 2000 ms: (fits|does not fit)/);

    const failed = lines.filter((l) => l.startsWith('FAIL')).length;
    expect(lines.at(-1)).toMatch(failed ? new RegExp(`^${failed} to fix \\(doctor took [\\d.]+ s\\)$`) : /^all good \(doctor took [\d.]+ s\)$/);
    expect(got.code).toBe(failed ? 1 : 0);
  });
});
