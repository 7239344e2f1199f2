// Which providers can run where: the rules against onnxruntime-node 1.30's own build (its README's EP table,
// the files in bin/napi-v6/, its binding's listSupportedBackends), with the platform injected.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Provider } from '../../src/model/device.ts';
import { CUDA_FIX, type Host, providerStatus, thisHost } from '../../src/model/providers.ts';

const BIN = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin', 'napi-v6');

const host = (over: Partial<Host>): Host => ({ platform: 'linux', arch: 'x64', listed: ['cpu', 'webgpu', 'cuda', 'tensorrt'], cudaInstalled: false, vulkan: false, ...over });
const why = (p: Provider, h: Host) => {
  const s = providerStatus(p, h);
  return s.ok ? 'ok' : `${s.why} | ${s.fix}`;
};

describe('providerStatus', () => {
  it.each([
    // provider, host, expected (the reason and the fix, or ok)
    ['cpu', host({}), 'ok'],
    ['coreml', host({}), 'not on this platform (CoreML runs on macOS only) | use --device cpu or auto'],
    ['dml', host({}), 'not on this platform (DirectML runs on Windows only) | use --device cpu or auto'],
    ['cuda', host({}), `CUDA provider libraries not installed | ${CUDA_FIX}`],
    ['cuda', host({ cudaInstalled: true }), 'ok'],
    ['webgpu', host({}), "no Vulkan loader (libvulkan.so.1) | install libvulkan1 and your GPU vendor's Vulkan driver"],
    ['webgpu', host({ vulkan: true }), 'ok'],
    ['webgpu', host({ arch: 'arm64', listed: ['cpu'] }), 'not on this platform (no WebGPU in the Linux arm64 build) | use --device cpu or auto'],
    ['cuda', host({ arch: 'arm64', listed: ['cpu'] }), 'not on this platform (onnxruntime-node ships CUDA for Linux x64 only) | use --device cpu or auto'],
    ['coreml', host({ platform: 'darwin', arch: 'arm64', listed: ['cpu', 'webgpu', 'coreml'] }), 'ok'],
    ['webgpu', host({ platform: 'darwin', arch: 'arm64', listed: ['cpu', 'webgpu', 'coreml'] }), 'ok'],
    ['cuda', host({ platform: 'darwin', arch: 'arm64', listed: ['cpu', 'webgpu', 'coreml'] }), 'not on this platform (onnxruntime-node ships CUDA for Linux x64 only) | use --device cpu or auto'],
    ['dml', host({ platform: 'win32', listed: ['cpu', 'webgpu', 'dml'] }), 'ok'],
    ['coreml', host({ platform: 'win32', listed: ['cpu', 'webgpu', 'dml'] }), 'not on this platform (CoreML runs on macOS only) | use --device cpu or auto'],
    ['dml', host({ platform: 'win32', listed: ['cpu', 'webgpu'] }), 'not in this onnxruntime-node build (it lists cpu, webgpu) | reinstall onnxruntime-node 1.30'],
  ] as const)('%s on %o: %s', (p, h, expected) => {
    expect(why(p, h)).toBe(expected);
  });
});

describe('the real onnxruntime-node build', () => {
  it('this host is read from the binding and the file system, and agrees with the rules', () => {
    const h = thisHost();
    expect(h.platform).toBe(process.platform);
    expect(h.listed).toContain('cpu');
    expect(h.cudaInstalled).toBe(existsSync(join(BIN, process.platform, process.arch, 'libonnxruntime_providers_cuda.so')));
    expect(providerStatus('cpu', h).ok).toBe(true);
    if (process.platform === 'linux') {
      expect(h.listed).not.toContain('dml');
      expect(h.listed).not.toContain('coreml');
    }
  });

  it('DirectML is bundled in the Windows builds and nowhere else, as the rules say', () => {
    for (const dir of ['win32/x64', 'win32/arm64']) expect(readdirSync(join(BIN, dir))).toContain('DirectML.dll');
    for (const dir of ['linux/x64', 'darwin/arm64']) expect(readdirSync(join(BIN, dir))).not.toContain('DirectML.dll');
  });
});
