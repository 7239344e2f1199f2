// Opens the ORT session on the asked device. ORT does not fall back by itself: `auto` tries the GPU
// providers in turn and falls back to the CPU, and says in one line which one runs and why.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { UserError } from '../errors.ts';
import { checkGraph, type GraphInput, type Manifest, pickOnnxFile } from './manifest.ts';

import type { Device } from './device.ts';

export interface SessionOptions {
  device?: Device;
  threads?: number; // intra-op threads; ORT's default (all cores) when not given
  precision?: 'auto' | 'fp32' | 'int8'; // auto: int8 on the CPU when present
}

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: string;
  file: string;
  note: string; // one line: which provider runs, and why
}

/** Why a provider failed, in a few words: known causes by name, else the ORT message's first line. */
function reason(e: unknown): string {
  const message = String((e as Error)?.message ?? e);
  if (/Failed to get a WebGPU adapter/.test(message)) return 'no WebGPU adapter (no GPU, or no Vulkan/Metal/D3D12 driver)';
  if (/Cuda.*Failed to load shared library|libonnxruntime_providers_cuda/i.test(message)) {
    return 'CUDA provider libraries not installed';
  }
  const line = message.split('\n')[0];
  return line.replace(/^.*?\.(cc|cpp|h):\d+ /, '').replace(/^.*\)::<lambda\(\)> /, '').slice(0, 160);
}

const LIB_DIRS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib'];

/** On Linux, WebGPU needs the Vulkan loader. Without it ORT's native probe prints a warning over the
 *  screen, so ask the file system first and skip the probe. */
function missingPrerequisite(provider: string): string | null {
  if (provider !== 'webgpu' || process.platform !== 'linux') return null;
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LIB_DIRS];
  return dirs.some((d) => existsSync(join(d, 'libvulkan.so.1'))) ? null : 'no Vulkan loader (libvulkan.so.1; install libvulkan1)';
}

async function create(file: string, provider: string, threads?: number): Promise<ort.InferenceSession> {
  const missing = missingPrerequisite(provider);
  if (missing) throw new Error(missing);
  ort.env.logLevel = 'fatal'; // failures come back as exceptions; ORT's own log would repeat them on stderr
  return ort.InferenceSession.create(file, {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    interOpNumThreads: 1,
    ...(threads ? { intraOpNumThreads: threads } : {}),
    logSeverityLevel: 3,
    // Idle pool threads sleep instead of spinning: on a machine shared with a DAW (or five engineers),
    // spinning threads steal the cores the next step needs.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
}

export async function openSession(dir: string, manifest: Manifest, opts: SessionOptions = {}): Promise<OpenedSession> {
  const device = opts.device ?? 'auto';
  const tries = device === 'auto' ? ['cuda', 'webgpu', 'cpu'] : [device];
  const failures: string[] = [];
  for (const provider of tries) {
    const file = pickFile(dir, manifest, provider, opts.precision);
    try {
      const session = await create(file, provider, opts.threads);
      try {
        checkGraph(manifest, graphInputs(session), file);
      } catch (e) {
        await session.release();
        throw e;
      }
      const why = failures.length ? ` (${failures.join('; ')})` : device === 'auto' ? '' : ' (asked for)';
      const name = file.slice(file.lastIndexOf('/') + 1);
      return { session, provider, file, note: `running ${name} on ${provider}${why}` };
    } catch (e) {
      if (e instanceof UserError) throw e;
      if (provider === 'cpu') throw new UserError(`cannot load model ${file}: ${reason(e)}`);
      failures.push(`${provider} unavailable: ${reason(e)}`);
    }
  }
  throw new UserError(`device ${failures.join('; ')}`);
}

/** Input names and (where the graph fixes them) shapes; older onnxruntime builds give only names. */
function graphInputs(session: ort.InferenceSession): GraphInput[] {
  const meta = (session as unknown as { inputMetadata?: { name: string; shape?: (number | string)[] }[] }).inputMetadata;
  return Array.isArray(meta) ? meta.map((i) => ({ name: i.name, shape: i.shape })) : session.inputNames.map((name) => ({ name }));
}

function pickFile(dir: string, m: Manifest, provider: string, precision: SessionOptions['precision']): string {
  if (precision === 'fp32') return pickOnnxFile(dir, { ...m, files: { ...m.files, onnxInt8: undefined } }, provider);
  if (precision === 'int8') return pickOnnxFile(dir, { ...m, files: { ...m.files, onnx: undefined } }, provider);
  return pickOnnxFile(dir, m, provider);
}
