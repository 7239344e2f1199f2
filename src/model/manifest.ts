// models/<name>/manifest.json: what the engine needs to know about an exported model, checked on load.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { UserError } from '../errors.ts';

export const MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));

const count = z.number().int().positive();

export const manifestSchema = z.object({
  name: z.string(),
  files: z.object({ onnx: z.string().optional(), onnxInt8: z.string().optional(), tokenizer: z.string() }),
  inputs: z.array(z.string()),
  outputs: z.array(z.string()),
  numLayers: count,
  numHeads: count,
  numKvHeads: count,
  headDim: count,
  hiddenSize: count,
  vocabSize: count,
  contextLength: count,
  trainedContextLength: count.optional(), // the training window: contextLength may not exceed it
  specialIds: z.object({ PAD: z.number().int(), BOS: z.number().int(), EOS: z.number().int() }),
  barTokenId: z.number().int(),
  trainedOn: z.string().optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
  hfCheckpoint: z.string().optional(), // folder of HF weights (relative to the model dir) for bench --against-hf
});

export type Manifest = z.infer<typeof manifestSchema>;

/** `dir` if given; else models/default.txt names the default; else the only folder in models/. */
export function resolveModelDir(dir?: string): string {
  // An empty --model (an unset shell variable) would quietly mean the shipped model.
  if (dir !== undefined && dir.trim() === '') throw new UserError('--model: an empty folder name');
  if (dir) return resolve(dir);
  const pointer = join(MODELS_DIR, 'default.txt');
  if (existsSync(pointer)) return join(MODELS_DIR, readFileSync(pointer, 'utf8').trim());
  const folders = existsSync(MODELS_DIR)
    ? readdirSync(MODELS_DIR).filter((f) => statSync(join(MODELS_DIR, f)).isDirectory())
    : [];
  if (folders.length === 1) return join(MODELS_DIR, folders[0]);
  throw new UserError(
    folders.length === 0
      ? `no model in ${MODELS_DIR}: pass --model DIR`
      : `several models in ${MODELS_DIR} (${folders.join(', ')}) and no default.txt: pass --model DIR`,
  );
}

/** Read and check manifest.json; any problem is one line naming the path. */
export function loadManifest(dir: string): Manifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(dir)) throw new UserError(`model folder not found: ${dir}`);
  if (!existsSync(path)) throw new UserError(`not a seedloop model (no manifest.json): ${dir}`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`${path}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const r = manifestSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new UserError(`${path}: bad field "${issue.path.join('.') || '(top level)'}": ${issue.message}`);
  }
  const m = r.data;
  if (!m.files.onnx && !m.files.onnxInt8) throw new UserError(`${path}: files lists no onnx model`);
  for (let i = 0; i < m.numLayers; i++) {
    for (const kv of ['key', 'value']) {
      if (!m.inputs.includes(`past_key_values.${i}.${kv}`) || !m.outputs.includes(`present.${i}.${kv}`)) {
        throw new UserError(`${path}: no KV cache for layer ${i} (past_key_values.${i}.${kv} / present.${i}.${kv})`);
      }
    }
  }
  if (m.trainedContextLength !== undefined && m.contextLength > m.trainedContextLength) {
    throw new UserError(
      `${path}: contextLength ${m.contextLength} is larger than the ${m.trainedContextLength} tokens the model was trained with (trainedContextLength)`,
    );
  }
  return m;
}

/** The graph's own inputs, as onnxruntime reports them (name, and shape where the graph fixes it). */
export interface GraphInput { name: string; shape?: readonly (number | string)[] }

/**
 * The manifest must describe the graph it ships with: the same past_key_values inputs (one key and one
 * value per layer) with numKvHeads and headDim where the graph fixes them. Otherwise ORT fails later
 * with its own words ("input 'past_key_values.4.key' is missing in 'feeds'").
 */
export function checkGraph(m: Manifest, inputs: GraphInput[], file: string): void {
  const layers = new Set(inputs.map((i) => /^past_key_values\.(\d+)\.key$/.exec(i.name)?.[1]).filter((x) => x !== undefined));
  if (layers.size !== m.numLayers) {
    throw new UserError(`${file}: the graph has ${layers.size} layers of KV cache but the manifest says numLayers ${m.numLayers}`);
  }
  for (const input of inputs) {
    if (!input.name.startsWith('past_key_values.')) continue;
    if (!m.inputs.includes(input.name)) throw new UserError(`${file}: graph input ${input.name} is not in the manifest's inputs`);
    const [, heads, , dim] = input.shape ?? [];
    if (typeof heads === 'number' && heads !== m.numKvHeads) {
      throw new UserError(`${file}: the graph has ${heads} KV heads but the manifest says numKvHeads ${m.numKvHeads}`);
    }
    if (typeof dim === 'number' && dim !== m.headDim) throw new UserError(`${file}: the graph has head size ${dim} but the manifest says headDim ${m.headDim}`);
  }
}

/** The ONNX file to run: int8 on the CPU when there is one (smaller, faster), fp32 on a GPU. */
export function pickOnnxFile(dir: string, m: Manifest, device: string): string {
  const prefer = device === 'cpu' ? [m.files.onnxInt8, m.files.onnx] : [m.files.onnx, m.files.onnxInt8];
  for (const f of prefer) if (f && existsSync(join(dir, f))) return join(dir, f);
  throw new UserError(`model file missing: ${join(dir, (m.files.onnx ?? m.files.onnxInt8)!)}`);
}
