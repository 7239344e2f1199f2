// Does native MIDI work here, and which ports exist? RtMidi prints ALSA errors straight to fd 2 from
// C code, so the first touch happens in a child process with stderr discarded: the user sees one clear
// line from us instead of library noise.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

export type ProbeResult = { ok: true; inputs: string[]; outputs: string[] } | { ok: false; error: string };

const PROBE_SCRIPT = `
const path = process.argv[1];
try {
  const midi = require(path);
  const input = new midi.Input();
  const output = new midi.Output();
  const names = (port) => Array.from({ length: port.getPortCount() }, (_, i) => port.getPortName(i));
  process.stdout.write(JSON.stringify({ ok: true, inputs: names(input), outputs: names(output) }));
  input.destroy?.(); output.destroy?.();
} catch (e) {
  process.stdout.write(JSON.stringify({ ok: false, error: String((e && e.message) || e) }));
}`;

/** Ask a throwaway child process whether native MIDI works, and which ports exist. Silent on stderr. */
export function probeNativeMidi(): ProbeResult {
  let modulePath: string;
  try {
    modulePath = createRequire(import.meta.url).resolve('@julusian/midi');
  } catch {
    return { ok: false, error: '@julusian/midi is not installed' };
  }
  const child = spawnSync(process.execPath, ['-e', PROBE_SCRIPT, modulePath], {
    stdio: ['ignore', 'pipe', 'ignore'],
    encoding: 'utf8',
    timeout: 10_000,
  });
  try {
    return JSON.parse(child.stdout) as ProbeResult;
  } catch {
    return { ok: false, error: `MIDI probe failed (${child.signal ?? `exit ${child.status}`})` };
  }
}

/** The one line a user sees when the system has no MIDI service. */
export function noMidiServiceMessage(error: string): string {
  if (process.platform === 'linux') {
    return (
      `no MIDI service: the ALSA sequencer is not available (${error.replace(/\s+/g, ' ').trim()}); ` +
      `load it with "sudo modprobe snd-seq" (in a container, pass --device /dev/snd), or try "seedloop live --demo"`
    );
  }
  return `no MIDI service (${error}); try "seedloop live --demo"`;
}
