// `--device auto` on a real machine: list the providers that can run here, measure each on the model at
// hand (a prefill and CALIBRATION.steps decode steps, batch 1 and batch K), keep the winner's session open,
// and cache the choice. The policy itself (who wins, the message, the cache file) is devicePolicy.ts.
import { basename } from 'node:path';
import ort from 'onnxruntime-node';
import { Decoder } from './decoder.ts';
import type { Provider } from './device.ts';
import { cacheDir, cacheKey, type Choice, choiceLine, chooseProvider, type Measured, readCachedChoice, writeCachedChoice } from './devicePolicy.ts';
import { type Manifest, pickOnnxFile } from './manifest.ts';
import { PROVIDERS, providerStatus, thisHost } from './providers.ts';
import type { OpenedSession, OpenProvider, SessionOptions } from './openedSession.ts';

export const CALIBRATION = { steps: 32, K: 4, seedTokens: 128 };

/** A seed of the usual 4-bar length: the ids do not change the speed, only the count does. */
export function calibrationSeed(m: Manifest): number[] {
  const n = Math.min(CALIBRATION.seedTokens, Math.floor(m.contextLength / 4));
  return Array.from({ length: n }, (_, i) => (i === 0 ? m.specialIds.BOS : (m.barTokenId + i) % m.vocabSize));
}

async function stepsPerSecond(dec: Decoder, seed: number[], batch: number): Promise<number> {
  dec.reset(1);
  await dec.forward([seed], seed.length);
  dec.expand(batch);
  const step = new Int32Array(batch).fill(seed.at(-1)!);
  await dec.forward(step, 1); // the first step pays for allocations
  const t = performance.now();
  for (let i = 0; i < CALIBRATION.steps; i++) await dec.forward(step, 1);
  return (CALIBRATION.steps * batch * 1000) / (performance.now() - t);
}

/** Decode tok/s of an open session at batch 1 and batch K (a warm-up prefill first: kernel selection). */
export async function measureSession(opened: OpenedSession, manifest: Manifest): Promise<Measured> {
  const dec = new Decoder(opened.session, manifest);
  const seed = calibrationSeed(manifest);
  await dec.forward([seed], seed.length);
  const batch1 = await stepsPerSecond(dec, seed, 1);
  const batchK = await stepsPerSecond(dec, seed, CALIBRATION.K);
  return { provider: opened.provider as Provider, batch1, batchK, K: CALIBRATION.K };
}

/** The providers worth trying here, and a "name: why not" for those that cannot run on this platform's build. */
export function candidates(): { ok: Provider[]; skipped: string[] } {
  const host = thisHost();
  const ok: Provider[] = [];
  const skipped: string[] = [];
  for (const p of PROVIDERS) {
    const s = providerStatus(p, host);
    if (s.ok) ok.push(p);
    else if (!s.why.startsWith('not on this platform')) skipped.push(`${p}: ${s.why}`);
  }
  return { ok, skipped };
}

/** Open and measure each provider; failures join `skipped` with their reason. Sessions stay open. */
export async function calibrate(
  dir: string,
  manifest: Manifest,
  providers: Provider[],
  opts: SessionOptions,
  open: OpenProvider,
  reason: (e: unknown) => string,
): Promise<{ sessions: Map<Provider, OpenedSession>; measured: Measured[]; skipped: string[] }> {
  const sessions = new Map<Provider, OpenedSession>();
  const measured: Measured[] = [];
  const skipped: string[] = [];
  for (const p of providers) {
    try {
      const opened = await open(dir, manifest, p, opts, 'measured');
      sessions.set(p, opened);
      measured.push(await measureSession(opened, manifest));
    } catch (e) {
      if (p === 'cpu') throw e;
      skipped.push(`${p}: ${reason(e)}`);
    }
  }
  return { sessions, measured, skipped };
}

export async function openAuto(
  dir: string,
  manifest: Manifest,
  opts: SessionOptions,
  open: OpenProvider,
  reason: (e: unknown) => string,
  found = candidates(), // tests name the providers to try
): Promise<OpenedSession> {
  const ok = found.ok;
  const skipped = [...found.skipped];
  const withLine = (o: OpenedSession, line: string) => ({ ...o, note: `running ${basename(o.file)} on ${o.provider} (${line})` });
  if (ok.length === 1) return withLine(await open(dir, manifest, 'cpu', opts, ''), choiceLine({ provider: 'cpu', measured: [], skipped }, 'measured'));
  const cache = cacheDir();
  const key = `${cacheKey(pickOnnxFile(dir, manifest, 'cpu'), ok, opts.threads, ort.env.versions.common ?? '?')} | precision ${opts.precision ?? 'auto'}`;
  const hit = readCachedChoice(cache, key);
  if (hit) {
    try {
      return withLine(await open(dir, manifest, hit.provider, opts, ''), choiceLine(hit, 'cached'));
    } catch (e) {
      skipped.push(`${hit.provider}: ${reason(e)} (cached choice; measuring again)`);
    }
  }
  const run = await calibrate(dir, manifest, ok, opts, open, reason);
  const choice: Choice = { provider: chooseProvider(run.measured), measured: run.measured, skipped: [...skipped, ...run.skipped] };
  for (const [p, s] of run.sessions) if (p !== choice.provider) await s.session.release();
  try {
    writeCachedChoice(cache, key, choice);
  } catch {
    // an unwritable cache only means measuring again next time
  }
  return withLine(run.sessions.get(choice.provider)!, choiceLine(choice, 'measured'));
}
