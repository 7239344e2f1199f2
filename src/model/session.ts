// Opens the ORT session on the asked device. ORT does not fall back by itself: an asked device runs there
// or says in one line why not; `auto` measures and picks (autoDevice.ts). Either way one line says which runs.
import { basename } from 'node:path';
import ort from 'onnxruntime-node';
import { UserError } from '../errors.ts';
import { checkGraph, type GraphInput, type Manifest, pickOnnxFile } from './manifest.ts';

import { openAuto } from './autoDevice.ts';
import type { Provider } from './device.ts';
import type { OpenedSession, SessionOptions } from './openedSession.ts';
import { providerStatus, thisHost } from './providers.ts';

export type { OpenedSession, OpenProvider, SessionOptions } from './openedSession.ts';

/** Why a provider failed, in a few words: known causes by name, else the ORT message's first line. */
export function reason(e: unknown): string {
  const message = String((e as Error)?.message ?? e);
  if (/Failed to get a WebGPU adapter/.test(message)) return 'no WebGPU adapter (no GPU, or no Vulkan/Metal/D3D12 driver)';
  if (/Cuda.*Failed to load shared library|libonnxruntime_providers_cuda/i.test(message)) {
    return 'CUDA libraries failed to load (needs CUDA 12.x and cuDNN 9.x on the library path)';
  }
  const line = message.split('\n')[0];
  return line.replace(/^.*?\.(cc|cpp|h):\d+ /, '').replace(/^.*\)::<lambda\(\)> /, '').slice(0, 300);
}

async function create(file: string, provider: Provider, threads?: number): Promise<ort.InferenceSession> {
  const status = providerStatus(provider, thisHost());
  if (!status.ok) throw new Error(`${status.why}; fix: ${status.fix}`);
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

/** Open the asked device; `auto` measures the available providers once per model and machine (autoDevice.ts). */
export async function openSession(dir: string, manifest: Manifest, opts: SessionOptions = {}): Promise<OpenedSession> {
  const device = opts.device ?? 'auto';
  if (device === 'auto') return openAuto(dir, manifest, opts, openProvider, reason);
  try {
    return await openProvider(dir, manifest, device, opts, 'asked for');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`device ${device} unavailable: ${reason(e)}`);
  }
}

/** Input names and (where the graph fixes them) shapes; older onnxruntime builds give only names. */
function graphInputs(session: ort.InferenceSession): GraphInput[] {
  const meta = (session as unknown as { inputMetadata?: { name: string; shape?: (number | string)[] }[] }).inputMetadata;
  return Array.isArray(meta) ? meta.map((i) => ({ name: i.name, shape: i.shape })) : session.inputNames.map((name) => ({ name }));
}

/** One provider, no fallback: ORT's failure comes back as thrown (`reason` words it). */
export async function openProvider(dir: string, manifest: Manifest, provider: Provider, opts: SessionOptions, why: string): Promise<OpenedSession> {
  const file = pickFile(dir, manifest, provider, opts.precision);
  try {
    const session = await create(file, provider, opts.threads);
    try {
      checkGraph(manifest, graphInputs(session), file);
    } catch (e) {
      await session.release();
      throw e;
    }
    return { session, provider, file, note: `running ${basename(file)} on ${provider} (${why})` };
  } catch (e) {
    if (provider === 'cpu' && !(e instanceof UserError)) throw new UserError(`cannot load model ${file}: ${reason(e)}`);
    throw e;
  }
}

function pickFile(dir: string, m: Manifest, provider: string, precision: SessionOptions['precision']): string {
  if (precision === 'fp32') return pickOnnxFile(dir, { ...m, files: { ...m.files, onnxInt8: undefined } }, provider);
  if (precision === 'int8') return pickOnnxFile(dir, { ...m, files: { ...m.files, onnx: undefined } }, provider);
  return pickOnnxFile(dir, m, provider);
}
