"""The Mistral forward as a hand-built ONNX graph of ORT's fused CPU kernels (~9 ops per layer).

Why: at batch 1 a decode step of a small model is dominated by per-op overhead, and the lean graph's KV Concat
copies the whole cache every step. com.microsoft.GroupQueryAttention does rotary (HF rotate_half style, from
cos/sin caches), grouped-query attention, causal masking and past+new -> present in one kernel;
(Skip)SimplifiedLayerNormalization is RMSNorm with the residual add folded in.

GQA's own rotary needs head_dim % 16 == 0; smaller heads (the tiny test model) get two RotaryEmbedding ops first.
Besides the contract's present.*, the graph outputs new.{i}.key/value: only the positions fed this step, and
new_kv, all of them in one tensor. The past inputs may then be a fixed-capacity buffer (GQA reads the first
seqlens_k+1-s positions of each row), so a runtime can keep one cache buffer, fetch only new_kv, and write it in:
onnxruntime-node copies every fetched output into a fresh JS array, so fetching present.* costs O(past) per step,
and each fetched output costs a few microseconds however small.

Limit: GroupQueryAttention places rows by seqlens_k (= mask sum - 1) and assumes right padding, so a batch must
hold rows of equal length (all-ones attention_mask, position_ids = past..past+s-1); position_ids is accepted for
the I/O contract but positions come from seqlens_k. Left-padded batches need export_onnx(graph="lean").
"""
from __future__ import annotations

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().float().cpu().numpy()


def build_fused_graph(model, path: str) -> None:
    """Initializer names follow onnx_graph's lean export (HF names for embeddings and norms; qkv.i, gate_up.i;
    o_proj, down_proj and lm_head as plain MatMuls in order), so bench_hf.from_onnx rebuilds either."""
    c = model.config
    m = model.model
    n_layers, nh, nkv = c.num_hidden_layers, c.num_attention_heads, c.num_key_value_heads
    hd = c.hidden_size // nh
    eps = float(c.rms_norm_eps)
    rot = m.rotary_emb
    inits: list[onnx.TensorProto] = []
    nodes: list[onnx.NodeProto] = []

    def init(name: str, arr: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(op: str, ins: list[str], outs: list[str], domain: str = "", **attrs) -> None:
        nodes.append(helper.make_node(op, ins, outs, name=f"{op}_{len(nodes)}", domain=domain, **attrs))

    # rotary caches [positions, hd/2]: GQA reads cos/sin at each token's position (attention_scaling folded in).
    # Room past the context (the kernels refuse positions beyond the cache; PyTorch computes any position, and
    # evaluation windows can be longer than a small model's training context).
    pos = torch.arange(max(2 * c.max_position_embeddings, 4096), dtype=torch.float32)
    freqs = torch.outer(pos, rot.inv_freq.float())
    scale = float(rot.attention_scaling)
    cos_cache = init("cos_cache", _np(freqs.cos() * scale))
    sin_cache = init("sin_cache", _np(freqs.sin() * scale))

    # seqlens_k = valid tokens per row - 1 (int32); total_sequence_length = mask width (int32 scalar)
    node("ReduceSum", ["attention_mask", init("axis1", np.array([1], np.int64))], ["mask_sum"], keepdims=0)
    node("Sub", ["mask_sum", init("one_i64", np.array(1, np.int64))], ["seqlens_i64"])
    node("Cast", ["seqlens_i64"], ["seqlens_k"], to=TensorProto.INT32)
    node("Shape", ["attention_mask"], ["mask_shape"], start=1, end=2)
    node("Squeeze", ["mask_shape"], ["total_i64"])
    node("Cast", ["total_i64"], ["total_len"], to=TensorProto.INT32)
    node("Shape", ["input_ids"], ["seq_shape"], start=1, end=2)
    node("Sub", ["mask_shape", "seq_shape"], ["new_start"])  # rows are equal length: new positions = [total-s, total)
    axis2 = init("axis2", np.array([2], np.int64))

    fused_rotary = hd % 16 == 0
    split_sizes = None if fused_rotary else init("qkv_split", np.array([nh * hd, nkv * hd, nkv * hd], np.int64))
    node("Gather", [init("model.embed_tokens.weight", _np(m.embed_tokens.weight)), "input_ids"], ["x0"])
    node("SimplifiedLayerNormalization", ["x0", init("model.layers.0.input_layernorm.weight", _np(m.layers[0].input_layernorm.weight))],
         ["h_attn.0"], axis=-1, epsilon=eps)
    x = "x0"
    for i, layer in enumerate(m.layers):
        a, mlp = layer.self_attn, layer.mlp
        qkv_w = torch.cat([a.q_proj.weight, a.k_proj.weight, a.v_proj.weight]).t()
        node("MatMul", [f"h_attn.{i}", init(f"qkv.{i}", _np(qkv_w))], [f"qkv_out.{i}"])
        if fused_rotary:  # packed qkv in, rotary inside the kernel
            qkv_in, rope = [f"qkv_out.{i}", "", ""], [cos_cache, sin_cache]
        else:  # GQA's rotary needs head_dim % 16 == 0 (not the tiny test model): rotate q and k beforehand
            node("Split", [f"qkv_out.{i}", split_sizes], [f"q.{i}", f"k.{i}", f"v.{i}"], axis=-1)
            node("RotaryEmbedding", [f"q.{i}", "position_ids", cos_cache, sin_cache], [f"q_rot.{i}"],
                 domain="com.microsoft", num_heads=nh, interleaved=0)
            node("RotaryEmbedding", [f"k.{i}", "position_ids", cos_cache, sin_cache], [f"k_rot.{i}"],
                 domain="com.microsoft", num_heads=nkv, interleaved=0)
            qkv_in, rope = [f"q_rot.{i}", f"k_rot.{i}", f"v.{i}"], []
        node("GroupQueryAttention",
             [*qkv_in, f"past_key_values.{i}.key", f"past_key_values.{i}.value", "seqlens_k", "total_len", *rope],
             [f"attn.{i}", f"present.{i}.key", f"present.{i}.value"], domain="com.microsoft",
             num_heads=nh, kv_num_heads=nkv, scale=float(a.scaling), do_rotary=int(fused_rotary), rotary_interleaved=0)
        for kv_name in ("key", "value"):
            node("Slice", [f"present.{i}.{kv_name}", "new_start", "mask_shape", axis2], [f"new.{i}.{kv_name}"])
        node("MatMul", [f"attn.{i}", init(f"o_proj.{i}", _np(a.o_proj.weight.t()))], [f"attn_o.{i}"])
        # residual: x_mid = x + attn_o; h = rms(x_mid)
        node("SkipSimplifiedLayerNormalization",
             [f"attn_o.{i}", x, init(f"model.layers.{i}.post_attention_layernorm.weight", _np(layer.post_attention_layernorm.weight))],
             [f"h_mlp.{i}", "", "", f"x_mid.{i}"], domain="com.microsoft", epsilon=eps)
        gu_w = torch.cat([mlp.gate_proj.weight, mlp.up_proj.weight]).t()
        node("MatMul", [f"h_mlp.{i}", init(f"gate_up.{i}", _np(gu_w))], [f"gu.{i}"])
        node("Split", [f"gu.{i}"], [f"gate.{i}", f"up.{i}"], axis=-1, num_outputs=2)
        node("Sigmoid", [f"gate.{i}"], [f"gate_sig.{i}"])
        node("Mul", [f"gate.{i}", f"gate_sig.{i}"], [f"gate_silu.{i}"])
        node("Mul", [f"gate_silu.{i}", f"up.{i}"], [f"act.{i}"])
        node("MatMul", [f"act.{i}", init(f"down.{i}", _np(mlp.down_proj.weight.t()))], [f"mlp_o.{i}"])
        nxt_w = m.layers[i + 1].input_layernorm.weight if i + 1 < n_layers else m.norm.weight
        nxt_name = f"model.layers.{i + 1}.input_layernorm.weight" if i + 1 < n_layers else "model.norm.weight"
        nxt_h = f"h_attn.{i + 1}" if i + 1 < n_layers else "h_final"
        node("SkipSimplifiedLayerNormalization", [f"mlp_o.{i}", f"x_mid.{i}", init(nxt_name, _np(nxt_w))],
             [nxt_h, "", "", f"x.{i + 1}"], domain="com.microsoft", epsilon=eps)
        x = f"x.{i + 1}"
    node("MatMul", ["h_final", init("lm_head", _np(model.lm_head.weight.t()))], ["logits"])
    # the last residual sum is unused: drop that optional output so no dangling tensor is computed for nothing
    last = nodes[-2]
    del last.output[1:]

    kv = lambda name, length: helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch", nkv, length, hd])
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "total_sequence"]),
              helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch", "sequence"])]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "sequence", c.vocab_size])]
    for i in range(n_layers):
        inputs += [kv(f"past_key_values.{i}.key", "past_sequence"), kv(f"past_key_values.{i}.value", "past_sequence")]
        outputs += [kv(f"present.{i}.key", "total_sequence"), kv(f"present.{i}.value", "total_sequence")]
    for i in range(n_layers):
        outputs += [kv(f"new.{i}.key", "sequence"), kv(f"new.{i}.value", "sequence")]
    # all new.* in one tensor [b, 2 * layers * kv_heads, s, hd] (layer 0 key heads, layer 0 value heads, layer 1...):
    # one fetch instead of 2 * layers, each of which costs onnxruntime-node a fresh array and a Tensor
    node("Concat", [f"new.{i}.{kv_name}" for i in range(n_layers) for kv_name in ("key", "value")], ["new_kv"], axis=1)
    outputs.append(helper.make_tensor_value_info("new_kv", TensorProto.FLOAT, ["batch", 2 * n_layers * nkv, "sequence", hd]))
    # types/shapes of the contrib ops' outputs, so onnx shape inference (and so quantize_dynamic) sees past them
    hidden = lambda name, width: helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch", "sequence", width])
    infos = [hidden("h_final", c.hidden_size)]
    for i in range(n_layers):
        if not fused_rotary:
            infos += [hidden(f"q_rot.{i}", nh * hd), hidden(f"k_rot.{i}", nkv * hd)]
        infos += [hidden(f"h_attn.{i}", c.hidden_size), hidden(f"attn.{i}", nh * hd),
                  hidden(f"h_mlp.{i}", c.hidden_size), hidden(f"x_mid.{i}", c.hidden_size),
                  hidden(f"x.{i + 1}", c.hidden_size)]
    graph = helper.make_graph(nodes, "seedloop_mistral_fused", inputs, outputs, inits, value_info=infos)
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18), helper.make_opsetid("com.microsoft", 1)],
                              producer_name="seedloop")
    proto.ir_version = 9
    onnx.save(proto, path)
