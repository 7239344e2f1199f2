"""HF `generate` speed on the checkpoint of a seedloop model, for `seedloop bench --against-hf`.

The weights come from --checkpoint or the manifest's `hfCheckpoint` (an HF folder with config.json, or a training weights
checkpoint: best.pt or weights.pt; relative to the model folder) when present; otherwise the PyTorch
model is rebuilt from the fp32 ONNX graph's weights and checked against ONNX Runtime before it is timed.

    python3 training/bench_hf.py --model models/seedloop-small --seed-ids '[1,3,...]' --threads 2 --k 4

Prints one JSON line: prefillMs and decodeTokPerSec {batch1, batchK, K} (decode = tokens after the first).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch


def fail(msg: str) -> None:
    print(f"bench_hf: {msg}", file=sys.stderr)
    sys.exit(1)


def mistral(manifest: dict, hidden: int, intermediate: int):
    from transformers import MistralConfig, MistralForCausalLM
    cfg = MistralConfig(
        vocab_size=manifest["vocabSize"], hidden_size=hidden, intermediate_size=intermediate,
        num_hidden_layers=manifest["numLayers"], num_attention_heads=manifest["numHeads"],
        num_key_value_heads=manifest["numKvHeads"], head_dim=manifest["headDim"],
        max_position_embeddings=manifest["contextLength"], sliding_window=None, rope_theta=10000.0,
        tie_word_embeddings=True, pad_token_id=manifest["specialIds"]["PAD"],
        bos_token_id=manifest["specialIds"]["BOS"], eos_token_id=manifest["specialIds"]["EOS"],
    )
    return MistralForCausalLM(cfg)


def from_onnx(path: str, manifest: dict):
    """Rebuild the HF model from the exported graph's weights. Two layouts: training/onnx_graph.py's lean graph
    or training/onnx_fused.py's (both: fused qkv.i and gate_up.i; o_proj, down_proj, lm_head as MatMuls in order) and transformers' own trace
    (q, k, v, o, gate, up, down per layer, then the tied lm_head, all in trace order)."""
    import onnx
    from onnx import numpy_helper
    g = onnx.load(path).graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    layers, nh, kv, hd = manifest["numLayers"], manifest["numHeads"], manifest["numKvHeads"], manifest["headDim"]
    named = {k[k.rfind("model."):]: v for k, v in inits.items() if "model." in k}
    embed = named["model.embed_tokens.weight"]
    hidden = embed.shape[1]
    mats = [inits[n.input[1]] for n in g.node if n.op_type == "MatMul" and n.input[1] in inits
            and inits[n.input[1]].ndim == 2 and not n.input[1].startswith(("qkv.", "gate_up."))]
    state = {k: torch.from_numpy(v.copy()) for k, v in named.items()}
    t = lambda w: torch.from_numpy(w.T.copy())  # noqa: E731  ONNX MatMul weights are [in, out]; Linear is [out, in]
    if "qkv.0" in inits:
        if len(mats) != 2 * layers + 1:
            fail(f"{path}: cannot map its weights ({len(mats)} plain MatMul weights for {layers} layers)")
        inter = inits["gate_up.0"].shape[1] // 2
        for i in range(layers):
            qkv, gu = t(inits[f"qkv.{i}"]), t(inits[f"gate_up.{i}"])
            q, k, v = torch.split(qkv, [nh * hd, kv * hd, kv * hd])
            p = f"model.layers.{i}."
            state.update({p + "self_attn.q_proj.weight": q, p + "self_attn.k_proj.weight": k,
                          p + "self_attn.v_proj.weight": v, p + "self_attn.o_proj.weight": t(mats[2 * i]),
                          p + "mlp.gate_proj.weight": gu[:inter], p + "mlp.up_proj.weight": gu[inter:],
                          p + "mlp.down_proj.weight": t(mats[2 * i + 1])})
    else:
        if len(mats) != 7 * layers + 1:
            fail(f"{path}: cannot map its weights ({len(mats)} MatMul weights for {layers} layers)")
        inter = mats[4].shape[1]
        parts = ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                 "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"]
        for i in range(layers):
            for j, part in enumerate(parts):
                state[f"model.layers.{i}.{part}.weight"] = t(mats[7 * i + j])
    model = mistral(manifest, hidden, inter)
    model.load_state_dict(state, strict=False)
    model.tie_weights()
    return model.eval()


def load(model_dir: str, manifest: dict, checkpoint: str | None = None):
    ck = checkpoint or manifest.get("hfCheckpoint")
    if ck:
        ck = ck if os.path.isabs(ck) or checkpoint else os.path.join(model_dir, ck)
        if os.path.isdir(ck):
            from transformers import MistralForCausalLM
            return MistralForCausalLM.from_pretrained(ck).float().eval(), ck
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        from training.model import load_weights
        return load_weights(ck)[0].float().eval(), ck
    onnx_file = manifest["files"].get("onnx")
    if not onnx_file or "int8" in onnx_file or not os.path.exists(os.path.join(model_dir, onnx_file)):
        fail(f"{model_dir}: no hfCheckpoint in manifest.json and no fp32 ONNX graph to rebuild the model from")
    return from_onnx(os.path.join(model_dir, onnx_file), manifest), f"rebuilt from {onnx_file}"


def check_against_onnx(model, model_dir: str, manifest: dict, ids: list[int]) -> float:
    """Max abs logit difference between the PyTorch model and the fp32 ONNX graph on a prefill of `ids`."""
    import onnxruntime as ort
    onnx_file = manifest["files"].get("onnx")
    if not onnx_file or "int8" in onnx_file:
        return float("nan")
    sess = ort.InferenceSession(os.path.join(model_dir, onnx_file), providers=["CPUExecutionProvider"])
    n = len(ids)
    feeds = {"input_ids": np.array([ids], np.int64), "attention_mask": np.ones((1, n), np.int64),
             "position_ids": np.arange(n, dtype=np.int64)[None]}
    for i in range(manifest["numLayers"]):
        for kv in ("key", "value"):
            feeds[f"past_key_values.{i}.{kv}"] = np.zeros((1, manifest["numKvHeads"], 0, manifest["headDim"]), np.float32)
    onnx_logits = sess.run(["logits"], feeds)[0]
    with torch.inference_mode():
        torch_logits = model(input_ids=torch.tensor([ids])).logits.numpy()
    return float(np.abs(onnx_logits - torch_logits).max())


def timed_generate(model, ids: torch.Tensor, new: int, pad: int) -> float:
    t = time.perf_counter()
    model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=new, min_new_tokens=new,
                   do_sample=True, temperature=1.0, top_p=0.95, pad_token_id=pad)
    return time.perf_counter() - t


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True, help="model folder (with manifest.json)")
    ap.add_argument("--seed-ids", required=True, help="JSON list of token ids: the same seed the ORT bench uses")
    ap.add_argument("--checkpoint", help="HF folder or training weights checkpoint (overrides the manifest's hfCheckpoint)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--k", type=int, default=4, help="batch size for the batched number")
    ap.add_argument("--steps", type=int, default=64, help="new tokens per timed generate")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args(argv)
    try:
        manifest = json.load(open(os.path.join(a.model, "manifest.json")))
    except (OSError, ValueError) as e:
        fail(f"cannot read {os.path.join(a.model, 'manifest.json')}: {e}")
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model, source = load(a.model, manifest, a.checkpoint)
    seed = json.loads(a.seed_ids)
    diff = check_against_onnx(model, a.model, manifest, seed)
    if diff > 1e-3:
        fail(f"the PyTorch model ({source}) disagrees with the ONNX graph: max abs logit diff {diff:.2e}")
    pad = manifest["specialIds"]["PAD"]
    out = {"source": source, "parityMaxAbsDiff": None if diff != diff else diff,  # None: no fp32 graph to check
           "threads": a.threads, "steps": a.steps,
           "torch": torch.__version__}
    import transformers
    out["transformers"] = transformers.__version__
    rates = {}
    with torch.inference_mode():
        for batch in (1, a.k):
            ids = torch.tensor([seed] * batch)
            timed_generate(model, ids, 4, pad)  # warm-up
            one = statistics.median(timed_generate(model, ids, 1, pad) for _ in range(a.runs))
            full = statistics.median(timed_generate(model, ids, a.steps, pad) for _ in range(a.runs))
            rates[batch] = (a.steps - 1) * batch / max(full - one, 1e-9)
            if batch == 1:
                out["prefillMs"] = round(one * 1000, 2)
    out["decodeTokPerSec"] = {"batch1": round(rates[1], 1), "batchK": round(rates[a.k], 1), "K": a.k}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
