// Which execution providers can run here, and for each one that cannot: why, and the fix. Pure over a
// `Host` (so tests inject the platform and the binding's list); `thisHost()` reads the real one.
// What each platform's onnxruntime-node 1.30 binary bundles (its README's EP table, and bin/napi-v6/):
// CPU everywhere; WebGPU on Windows, macOS and Linux x64; DirectML on Windows (DirectML.dll ships in
// win32/x64 and win32/arm64); CoreML on macOS; CUDA on Linux x64 only, and only after its install script
// fetched libonnxruntime_providers_cuda.so (install-metadata.js: too large for npm, so not bundled).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ort from 'onnxruntime-node';
import type { Provider } from './device.ts';

export const PROVIDERS: Provider[] = ['cpu', 'webgpu', 'cuda', 'coreml', 'dml'];

export interface Host {
  platform: string; // process.platform
  arch: string; // process.arch
  listed: string[]; // provider names the native binding registers (ort.listSupportedBackends())
  cudaInstalled: boolean; // libonnxruntime_providers_cuda.so beside the binding
  vulkan: boolean; // the Vulkan loader WebGPU needs on Linux
}

export type ProviderStatus = { provider: Provider; ok: true } | { provider: Provider; ok: false; why: string; fix: string };

export const CUDA_FIX =
  'npm install onnxruntime-node --onnxruntime-node-install=cuda12 (needs an NVIDIA driver, CUDA 12.x and cuDNN 9.x)';

const ONLY_ON: Partial<Record<Provider, { platforms: string[]; arch?: string; name: string }>> = {
  coreml: { platforms: ['darwin'], name: 'CoreML runs on macOS only' },
  dml: { platforms: ['win32'], name: 'DirectML runs on Windows only' },
  cuda: { platforms: ['linux'], arch: 'x64', name: 'onnxruntime-node ships CUDA for Linux x64 only' },
};

/** Can `p` run on `host`? Not yet tried: a GPU can still fail when its session opens (no adapter, old driver). */
export function providerStatus(p: Provider, host: Host): ProviderStatus {
  const no = (why: string, fix: string): ProviderStatus => ({ provider: p, ok: false, why, fix });
  if (p === 'cpu') return { provider: p, ok: true };
  const only = ONLY_ON[p];
  if (only && (!only.platforms.includes(host.platform) || (only.arch && only.arch !== host.arch))) {
    return no(`not on this platform (${only.name})`, 'use --device cpu or auto');
  }
  if (p === 'webgpu' && host.platform === 'linux' && host.arch !== 'x64') {
    return no('not on this platform (no WebGPU in the Linux arm64 build)', 'use --device cpu or auto');
  }
  if (!host.listed.includes(p)) return no(`not in this onnxruntime-node build (it lists ${host.listed.join(', ')})`, 'reinstall onnxruntime-node 1.30');
  if (p === 'cuda' && !host.cudaInstalled) return no('CUDA provider libraries not installed', CUDA_FIX);
  if (p === 'webgpu' && host.platform === 'linux' && !host.vulkan) {
    return no('no Vulkan loader (libvulkan.so.1)', 'install libvulkan1 and your GPU vendor\'s Vulkan driver');
  }
  return { provider: p, ok: true };
}

const LIB_DIRS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib'];

let cached: Host | null = null;

/** This machine, read once: the binding's list, the CUDA libraries' presence, the Vulkan loader's. */
export function thisHost(): Host {
  if (cached) return cached;
  const dist = dirname(createRequire(import.meta.url).resolve('onnxruntime-node'));
  const bin = join(dist, '..', 'bin', 'napi-v6', process.platform, process.arch);
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LIB_DIRS];
  cached = {
    platform: process.platform,
    arch: process.arch,
    listed: ort.listSupportedBackends().map((b) => b.name),
    cudaInstalled: existsSync(join(bin, 'libonnxruntime_providers_cuda.so')),
    vulkan: dirs.some((d) => existsSync(join(d, 'libvulkan.so.1'))),
  };
  return cached;
}
