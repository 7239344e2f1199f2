// seedloop doctor's checks: each turns a fact about this machine into one line, with the fix when it fails.
// Pure over what was probed or measured, so tests feed any machine; commands/doctor.ts gathers the facts.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hasVirtualPorts, WINDOWS_NO_VIRTUAL } from '../midi/platform.ts';
import type { ProbeResult } from '../midi/probe.ts';
import type { Provider } from '../model/device.ts';
import { chooseProvider, type Measured } from '../model/devicePolicy.ts';
import type { Manifest } from '../model/manifest.ts';
import { type Host, PROVIDERS, providerStatus } from '../model/providers.ts';

export interface Check {
  // off: optional and not working here (a GPU provider), with its fix; n/a: not on this platform at all
  status: 'ok' | 'fail' | 'off' | 'n/a';
  name: string;
  detail: string;
  fix?: string;
}

export function formatCheck(c: Check): string {
  const mark = { ok: 'ok  ', fail: 'FAIL', off: 'off ', 'n/a': ' -- ' }[c.status];
  return `${mark} ${c.name.padEnd(8)} ${c.detail}${c.fix ? `; fix: ${c.fix}` : ''}`;
}


const MIDI_API: Record<string, string> = { linux: 'ALSA sequencer', darwin: 'CoreMIDI', win32: 'Windows MM' };

/** The MIDI service and its ports; virtual ports as RtMidi allows them (midi/platform.ts: ALSA and CoreMIDI
 *  create them, Windows MM cannot). */
export function midiChecks(probe: ProbeResult, platform: string, noServiceLine: (error: string) => string): Check[] {
  const api = MIDI_API[platform] ?? 'MIDI';
  if (!probe.ok) {
    const line = noServiceLine(probe.error);
    const fix = line.includes('; ') ? line.slice(line.indexOf('; ') + 2) : 'try "seedloop live --demo"';
    return [
      { status: 'fail', name: 'midi', detail: `no MIDI service (${probe.error.replace(/\s+/g, ' ').trim()})`, fix },
      { status: 'fail', name: 'virtual', detail: 'virtual ports: not possible without a MIDI service', fix: 'fix the MIDI service first' },
    ];
  }
  const names = (xs: string[]) => (xs.length ? `: ${xs.join(', ')}` : '');
  const ports = `${probe.inputs.length} inputs${names(probe.inputs)}; ${probe.outputs.length} outputs${names(probe.outputs)}`;
  const virtual: Check =
    !hasVirtualPorts(platform)
      ? { status: 'fail', name: 'virtual', detail: 'virtual ports: not possible with Windows MM', fix: WINDOWS_NO_VIRTUAL }
      : { status: 'ok', name: 'virtual', detail: `virtual ports: possible (${api}): live opens "seedloop in" and "seedloop out"` };
  return [{ status: 'ok', name: 'midi', detail: `${api}, ${ports}` }, virtual];
}

/** Each provider: can it run on this build and machine, or why not. */
export function providerChecks(host: Host): Check[] {
  return PROVIDERS.map((p) => {
    const s = providerStatus(p, host);
    if (s.ok) return { status: 'ok', name: p, detail: p === 'cpu' ? 'available' : 'available here (a session will tell whether the GPU answers)' };
    if (s.why.startsWith('not on this platform')) return { status: 'n/a', name: p, detail: s.why };
    return { status: 'off', name: p, detail: s.why, fix: s.fix };
  });
}

const size = (path: string) => `${(statSync(path).size / 1e6).toFixed(1)} MB`;

/** The model folder and its int8 (CPU) and fp32 (GPU) files. */
export function modelChecks(dir: string, m: Manifest): Check[] {
  const file = (name: 'int8' | 'fp32', f: string | undefined, use: string): Check => {
    if (!f) return { status: 'n/a', name, detail: `no ${name} file in the manifest (the other one runs everywhere)` };
    const path = join(dir, f);
    if (!existsSync(path)) return { status: 'fail', name, detail: `${path} missing`, fix: 're-export it: python3 -m training export (training/README.md), or pass --model DIR' };
    return { status: 'ok', name, detail: `${f} ${size(path)} (${use})` };
  };
  return [
    { status: 'ok', name: 'model', detail: `${m.name} in ${dir} (${m.numLayers} layers, ${m.hiddenSize} wide, vocab ${m.vocabSize}, context ${m.contextLength})` },
    file('int8', m.files.onnxInt8, 'the CPU runs this'),
    file('fp32', m.files.onnx, 'GPUs run this'),
  ];
}

/** Measured decode speed per provider, and the one `auto` takes. */
export function speedChecks(measured: Measured[], failed: string[]): Check[] {
  const lines: Check[] = measured.map((s) => ({
    status: 'ok',
    name: s.provider,
    detail: `${s.batch1.toFixed(0)} tok/s at batch 1, ${s.batchK.toFixed(0)} at batch ${s.K} (prefill + 32 steps)`,
  }));
  for (const f of failed) {
    const [p, ...why] = f.split(': ');
    lines.push({ status: 'off', name: p, detail: `did not run: ${why.join(': ')}`, fix: `seedloop bench --device ${p} shows the whole reason` });
  }
  if (measured.length) lines.push({ status: 'ok', name: 'auto', detail: `picks ${chooseProvider(measured)} (never slower than the CPU)` });
  return lines;
}

/** Other programs' load: the speeds below are this machine's as it is now (os.loadavg; 0 on Windows). */
export function loadCheck(load1: number, cores: number): Check {
  const detail = `load ${load1.toFixed(1)} on ${cores} cores`;
  if (load1 <= cores) return { status: 'ok', name: 'load', detail };
  return { status: 'off', name: 'load', detail: `${detail}: busy, the speeds below are slowed`, fix: 'close busy programs and run doctor again' };
}

/** One bar of `beats` quarter notes at `bpm`, in ms: the time the live path has to make the next loop. */
export const barMs = (bpm: number, beats = 4) => (beats * 60_000) / bpm;

export function loopCheck(loopMs: number, tokens: number, provider: Provider, bpm: number): Check {
  const bar = barMs(bpm);
  const detail = `8-bar loop in ${loopMs.toFixed(0)} ms (${tokens} tokens) on ${provider}; one bar at ${bpm} BPM is ${bar.toFixed(0)} ms`;
  if (loopMs <= bar) return { status: 'ok', name: 'loop', detail: `${detail}: fits` };
  return { status: 'fail', name: 'loop', detail: `${detail}: does not fit`, fix: 'use --loop-bars 4, one candidate, a faster --device, or close busy programs' };
}
