// Each doctor check from injected facts: the line, and the fix when it fails.
import { describe, expect, it } from 'vitest';
import { barMs, formatCheck, loadCheck, loopCheck, midiChecks, modelChecks, providerChecks, speedChecks } from '../../src/doctor/checks.ts';
import { WINDOWS_NO_VIRTUAL } from '../../src/midi/platform.ts';
import { noMidiServiceMessage } from '../../src/midi/probe.ts';
import { loadManifest } from '../../src/model/manifest.ts';

const MODEL = new URL('../fixtures/tiny-model/', import.meta.url).pathname.replace(/\/$/, '');
const lines = (cs: ReturnType<typeof midiChecks>) => cs.map(formatCheck);

describe('midiChecks', () => {
  it('a working service lists its ports; virtual ports where RtMidi can make them', () => {
    const probe = { ok: true as const, inputs: ['Midi Through:0'], outputs: [] };
    expect(lines(midiChecks(probe, 'linux', noMidiServiceMessage))).toEqual([
      'ok   midi     ALSA sequencer, 1 inputs: Midi Through:0; 0 outputs',
      'ok   virtual  virtual ports: possible (ALSA sequencer): live opens "seedloop in" and "seedloop out"',
    ]);
    expect(lines(midiChecks(probe, 'win32', noMidiServiceMessage))[1]).toBe(
      `FAIL virtual  virtual ports: not possible with Windows MM; fix: ${WINDOWS_NO_VIRTUAL}`,
    );
  });

  it('no service: the reason and the fix from the MIDI layer', () => {
    const got = lines(midiChecks({ ok: false, error: 'Failed to initialise RtMidi' }, 'linux', noMidiServiceMessage));
    expect(got[0]).toMatch(/^FAIL midi     no MIDI service \(Failed to initialise RtMidi\); fix: .*modprobe snd-seq/);
    expect(got[1]).toBe('FAIL virtual  virtual ports: not possible without a MIDI service; fix: fix the MIDI service first');
  });
});

describe('providerChecks', () => {
  it('Linux x64 without GPU libraries: the CPU, two GPUs off with their fixes, two not here', () => {
    const got = lines(providerChecks({ platform: 'linux', arch: 'x64', listed: ['cpu', 'webgpu', 'cuda', 'tensorrt'], cudaInstalled: false, vulkan: false }));
    expect(got.map((l) => l.slice(0, 13))).toEqual(['ok   cpu     ', 'off  webgpu  ', 'off  cuda    ', ' --  coreml  ', ' --  dml     ']);
    expect(got[2]).toContain('fix: npm install onnxruntime-node --onnxruntime-node-install=cuda12');
    expect(got[3]).toBe(' --  coreml   not on this platform (CoreML runs on macOS only)');
  });

  it('macOS: CoreML and WebGPU available, CUDA and DirectML not here', () => {
    const got = lines(providerChecks({ platform: 'darwin', arch: 'arm64', listed: ['cpu', 'webgpu', 'coreml'], cudaInstalled: false, vulkan: false }));
    expect(got.map((l) => l.slice(0, 13))).toEqual(['ok   cpu     ', 'ok   webgpu  ', ' --  cuda    ', 'ok   coreml  ', ' --  dml     ']);
  });
});

describe('modelChecks', () => {
  it('names the model and sizes both files; a missing file is a failure with a fix', () => {
    const m = loadManifest(MODEL);
    const got = lines(modelChecks(MODEL, m));
    expect(got[0]).toBe(`ok   model    tiny-model in ${MODEL} (2 layers, 32 wide, vocab 352, context 512)`);
    expect(got[1]).toMatch(/^ok   int8     model\.int8\.onnx \d+\.\d MB \(the CPU runs this\)$/);
    expect(got[2]).toMatch(/^ok   fp32     model\.onnx \d+\.\d MB \(GPUs run this\)$/);
    const gone = lines(modelChecks(MODEL, { ...m, files: { ...m.files, onnx: 'gone.onnx', onnxInt8: undefined } }));
    expect(gone[1]).toBe(' --  int8     no int8 file in the manifest (the other one runs everywhere)');
    expect(gone[2]).toMatch(/^FAIL fp32     .*gone\.onnx missing; fix: re-export it/);
  });
});

describe('speed and loop', () => {
  it('a line per measured provider, the failed ones off with their reason, and the pick', () => {
    const got = lines(speedChecks([{ provider: 'cpu', batch1: 480.4, batchK: 1210, K: 4 }, { provider: 'webgpu', batch1: 54, batchK: 200, K: 4 }], ['cuda: CUDA libraries failed to load']));
    expect(got).toEqual([
      'ok   cpu      480 tok/s at batch 1, 1210 at batch 4 (prefill + 32 steps)',
      'ok   webgpu   54 tok/s at batch 1, 200 at batch 4 (prefill + 32 steps)',
      'off  cuda     did not run: CUDA libraries failed to load; fix: seedloop bench --device cuda shows the whole reason',
      'ok   auto     picks cpu (never slower than the CPU)',
    ]);
  });

  it.each([
    [1999, 'ok', 'fits'],
    [2000, 'ok', 'fits'],
    [2001, 'fail', 'does not fit'],
  ] as const)('an 8-bar loop in %i ms at 120 BPM (a 2000 ms bar): %s', (ms, status, words) => {
    const c = loopCheck(ms, 600, 'cpu', 120);
    expect(c.status).toBe(status);
    expect(c.detail).toBe(`8-bar loop in ${ms} ms (600 tokens) on cpu; one bar at 120 BPM is 2000 ms: ${words}`);
    expect(Boolean(c.fix)).toBe(status === 'fail');
  });

  it('bar length and load', () => {
    expect([barMs(120), barMs(60), barMs(120, 3)]).toEqual([2000, 4000, 1500]);
    expect(formatCheck(loadCheck(1.5, 2))).toBe('ok   load     load 1.5 on 2 cores');
    expect(formatCheck(loadCheck(16.26, 2))).toBe('off  load     load 16.3 on 2 cores: busy, the speeds below are slowed; fix: close busy programs and run doctor again');
  });
});
