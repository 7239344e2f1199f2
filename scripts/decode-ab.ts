// Interleaved A/B of the decode step: the real Decoder on the bench seed, for several graph files and session
// options in ONE process, round after round, so a shared machine's load falls on every variant alike.
//   npx tsx scripts/decode-ab.ts FILE[:THREADS[:SPIN]] ...      e.g.
//   npx tsx scripts/decode-ab.ts models/seedloop-small/model.int8.onnx:1 models/seedloop-small/model.int8.onnx:2:1
// Prints, per variant and batch (1 and K), the median and best wall and CPU ms per step over the rounds.
// Env: ROUNDS (default 8), STEPS per round (64), K (4). The manifest is models/seedloop-small's; each graph's own
// outputs pick the cache layout (new_kv, new.*, or present.*), as Decoder does for a model folder.
import ort from 'onnxruntime-node';
import { benchSeedIds } from '../src/model/benchSeed.ts';
import { Decoder } from '../src/model/decoder.ts';
import { loadManifest } from '../src/model/manifest.ts';
import { loadTokenizer } from '../src/tokenizer/index.ts';

const DIR = 'models/seedloop-small';
const manifest = loadManifest(DIR);
const seed = benchSeedIds(await loadTokenizer(`${DIR}/${manifest.files.tokenizer}`));
const env = (name: string, d: number) => Number(process.env[name] ?? d);
const [ROUNDS, STEPS, K] = [env('ROUNDS', 8), env('STEPS', 64), env('K', 4)];
const specs = process.argv.slice(2);
if (!specs.length) {
  console.error('usage: npx tsx scripts/decode-ab.ts FILE[:THREADS[:SPIN]] ...');
  process.exit(1);
}

const variants: { name: string; dec: Decoder }[] = [];
for (const spec of specs) {
  const [file, threads = '1', spin = '0'] = spec.split(':');
  const session = await ort.InferenceSession.create(file, {
    executionProviders: ['cpu'],
    intraOpNumThreads: Number(threads),
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    extra: { session: { intra_op: { allow_spinning: spin } } },
  });
  variants.push({ name: `${file} threads ${threads} spin ${spin}`, dec: new Decoder(session, { ...manifest, outputs: session.outputNames }) });
}

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** ms per step (wall, CPU) of STEPS cached steps at `batch` rows after the seed's prefill. */
async function perStep(dec: Decoder, batch: number): Promise<[number, number]> {
  dec.reset(1);
  await dec.forward([seed], seed.length);
  dec.expand(batch);
  const step = new Int32Array(batch).fill(seed.at(-1)!);
  await dec.forward(step, 1);
  const [w, c] = [performance.now(), cpuMs()];
  for (let i = 0; i < STEPS; i++) await dec.forward(step, 1);
  return [(performance.now() - w) / STEPS, (cpuMs() - c) / STEPS];
}

for (const v of variants) for (const b of [1, K]) await perStep(v.dec, b); // warm-up
const got = new Map<string, [number, number][]>();
for (let r = 0; r < ROUNDS; r++) {
  for (const b of [1, K]) {
    for (const v of variants) {
      const key = `batch ${b}  ${v.name}`;
      got.set(key, [...(got.get(key) ?? []), await perStep(v.dec, b)]);
    }
  }
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)].toFixed(3)} best ${s[0].toFixed(3)}`;
};
for (const [key, xs] of got) {
  console.log(`${key}: wall ${stats(xs.map((x) => x[0]))} | cpu ${stats(xs.map((x) => x[1]))} ms/step`);
}
