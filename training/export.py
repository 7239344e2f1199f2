"""export: a checkpoint -> ONNX with a KV cache (fp32 + int8), checked against PyTorch, plus a model dir.

I/O layout (the one transformers.js / ORT GenAI use):
  inputs  input_ids [b,s] int64, attention_mask [b,past+s] int64, position_ids [b,s] int64,
          past_key_values.{i}.key / .value [b,kv_heads,past,head_dim] float32 (past may be 0)
  outputs logits [b,s,vocab] float32, present.{i}.key / .value [b,kv_heads,past+s,head_dim]
          (the fused graph also has new.{i}.key / .value [b,kv_heads,s,head_dim] and all of them packed in
          new_kv [b,2*layers*kv_heads,s,head_dim]: see onnx_fused)
"""
from __future__ import annotations

import inspect
import os
import warnings

import numpy as np
import torch
from transformers import DynamicCache


def _cache_kw(model) -> str:
    """transformers 5.2x renamed the `past_key_values` argument to `cache`; accept both."""
    return "cache" if "cache" in inspect.signature(model.forward).parameters else "past_key_values"


def _out_cache(out):
    return out.cache if getattr(out, "cache", None) is not None else out.past_key_values


class CachedLM(torch.nn.Module):
    """Flat-tensor wrapper: the ONNX graph sees plain past/present tensors, not a Cache object."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self.n_layers = model.config.num_hidden_layers

    def forward(self, input_ids, attention_mask, position_ids, *past):
        cache = DynamicCache(ddp_cache_data=[(past[2 * i], past[2 * i + 1]) for i in range(self.n_layers)])
        out = self.model(input_ids=input_ids, attention_mask=attention_mask, position_ids=position_ids,
                         use_cache=True, **{_cache_kw(self.model): cache})
        present = []
        for layer in _out_cache(out).layers:
            present += [layer.keys, layer.values]
        return (out.logits, *present)


def io_names(n_layers: int) -> tuple[list[str], list[str]]:
    inputs = ["input_ids", "attention_mask", "position_ids"]
    outputs = ["logits"]
    for i in range(n_layers):
        inputs += [f"past_key_values.{i}.key", f"past_key_values.{i}.value"]
        outputs += [f"present.{i}.key", f"present.{i}.value"]
    return inputs, outputs


def kv_shape(cfg, batch: int, past: int) -> tuple:
    return (batch, cfg.num_key_value_heads, past, cfg.hidden_size // cfg.num_attention_heads)


def export_onnx(model, path: str, lean: bool = True, fused: bool = True) -> None:
    """fused (default): onnx_fused's hand-built graph of ORT's fused kernels (GroupQueryAttention etc.), the
    fastest on CPU; its batches need rows of equal length (no left padding). Otherwise trace the cached forward
    once (past=3, s=2) with every batch/sequence/past dim dynamic -- lean: onnx_graph.LeanMistral (~30 ops/layer,
    any padding) instead of transformers' own forward."""
    model = model.float().eval()
    if fused:
        from .onnx_fused import build_fused_graph
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with torch.no_grad():
            build_fused_graph(model, path)
        return
    model.config._attn_implementation = "eager"  # eager attention traces to plain MatMul/Softmax ops
    cfg = model.config
    n = cfg.num_hidden_layers
    b, s, past = 1, 2, 3
    ids = torch.randint(4, cfg.vocab_size, (b, s))
    mask = torch.ones(b, past + s, dtype=torch.long)
    pos = torch.arange(past, past + s).unsqueeze(0)
    pkv = [torch.zeros(kv_shape(cfg, b, past)) for _ in range(2 * n)]
    inputs, outputs = io_names(n)
    axes = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "total_sequence"},
            "position_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch", 1: "sequence"}}
    for name in inputs[3:]:
        axes[name] = {0: "batch", 2: "past_sequence"}
    for name in outputs[1:]:
        axes[name] = {0: "batch", 2: "total_sequence"}
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        from .onnx_graph import LeanMistral
        wrapper = LeanMistral(model) if lean else CachedLM(model)
        torch.onnx.export(wrapper, (ids, mask, pos, *pkv), path, input_names=inputs, output_names=outputs,
                          dynamic_axes=axes, opset_version=17, dynamo=False, do_constant_folding=True)


def quantize_int8(src: str, dst: str) -> None:
    """Dynamic int8 quantization of the MatMul weights (activations stay fp32)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    quantize_dynamic(src, dst, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gather"])


def torch_steps(model, ids: list[int], steps: int) -> list[np.ndarray]:
    """Reference: last-position logits after the prefill of `ids`, then after each greedy cached step."""
    model = model.float().eval()
    out_logits = []
    with torch.no_grad():
        x = torch.tensor([ids])
        out = model(input_ids=x, use_cache=True)
        cache, nxt = _out_cache(out), int(out.logits[0, -1].argmax())
        out_logits.append(out.logits[0, -1].numpy())
        for i in range(steps):
            out = model(input_ids=torch.tensor([[nxt]]), position_ids=torch.tensor([[len(ids) + i]]),
                        use_cache=True, **{_cache_kw(model): cache})
            cache, nxt = _out_cache(out), int(out.logits[0, -1].argmax())
            out_logits.append(out.logits[0, -1].numpy())
    return out_logits


def ort_steps(onnx_path: str, ids: list[int], steps: int, n_layers: int, kv_heads: int, head_dim: int,
              threads: int = 1) -> list[np.ndarray]:
    """The same greedy run through onnxruntime: prefill with an empty (past=0) cache, then cached steps."""
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    sess = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
    past = {}
    for i in range(n_layers):
        for kv in ("key", "value"):
            past[f"past_key_values.{i}.{kv}"] = np.zeros((1, kv_heads, 0, head_dim), np.float32)
    x, start, logits = np.array([ids], np.int64), 0, []
    for _ in range(steps + 1):
        total = start + x.shape[1]
        feeds = {"input_ids": x, "attention_mask": np.ones((1, total), np.int64),
                 "position_ids": np.arange(start, total, dtype=np.int64)[None], **past}
        res = sess.run(None, feeds)
        names = [o.name for o in sess.get_outputs()]
        out = dict(zip(names, res))
        logits.append(out["logits"][0, -1])
        past = {f"past_key_values.{i}.{kv}": out[f"present.{i}.{kv}"] for i in range(n_layers) for kv in ("key", "value")}
        start, x = total, np.array([[int(out["logits"][0, -1].argmax())]], np.int64)
    return logits


def parity(model, onnx_path: str, ids: list[int], steps: int = 20) -> float:
    """Max abs diff of last-position logits, ONNX vs PyTorch, over the prefill and `steps` cached decode steps."""
    cfg = model.config
    ref = torch_steps(model, ids, steps)
    got = ort_steps(onnx_path, ids, steps, cfg.num_hidden_layers, cfg.num_key_value_heads,
                    cfg.hidden_size // cfg.num_attention_heads)
    return float(max(np.abs(a - b).max() for a, b in zip(ref, got)))


def graph_io(path: str) -> tuple[list[str], list[str]]:
    """Input and output names as the graph has them (the fused graph adds new.* outputs to the contract's)."""
    import onnx
    g = onnx.load(path, load_external_data=False).graph
    return [i.name for i in g.input], [o.name for o in g.output]


def manifest(name: str, cfg, groups: dict, files: dict, trained_on: str, metrics: dict,
             io: tuple[list[str], list[str]] | None = None) -> dict:
    """models/<name>/manifest.json: everything a runtime needs to drive the ONNX graph without reading it."""
    inputs, outputs = io or io_names(cfg.num_hidden_layers)
    return {
        "name": name,
        "files": files,
        "inputs": inputs,
        "outputs": outputs,
        "numLayers": cfg.num_hidden_layers,
        "numHeads": cfg.num_attention_heads,
        "numKvHeads": cfg.num_key_value_heads,
        "headDim": cfg.hidden_size // cfg.num_attention_heads,
        "hiddenSize": cfg.hidden_size,
        "vocabSize": cfg.vocab_size,
        "contextLength": cfg.max_position_embeddings,
        "trainedContextLength": cfg.max_position_embeddings,  # a hand edit of contextLength is checked against it
        "specialIds": {"PAD": groups["pad_id"], "BOS": groups["bos_id"], "EOS": groups["eos_id"]},
        "barTokenId": groups["bar_id"],
        "trainedOn": trained_on,
        "metrics": metrics,
    }
