"""A lean, export-only re-statement of the Mistral forward with a flat KV cache, reading the HF model's weights.

Why: tracing transformers' own forward exports ~250 ops per layer (mask builders, cache bookkeeping); on a
CPU each tiny op costs more than the math of a small model. This version exports ~30 ops per layer and is
checked against the HF model (export.parity) before anything ships. Attention is grouped-query by broadcast
(no repeat_kv copy); the mask is causal-by-position plus the attention_mask (left padding works).
"""
from __future__ import annotations

import torch


def _rms(x, w, eps):
    return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def _rotate_half_matrix(d: int) -> torch.Tensor:
    """R with x @ R == cat(-x[d/2:], x[:d/2]) (HF's rotate_half) as one MatMul instead of four slicing ops."""
    r = torch.zeros(d, d)
    h = d // 2
    r[torch.arange(h) + h, torch.arange(h)] = -1.0
    r[torch.arange(h), torch.arange(h) + h] = 1.0
    return r


class LeanMistral(torch.nn.Module):
    def __init__(self, hf):
        super().__init__()
        c = hf.config
        self.n_layers, self.n_heads, self.n_kv = c.num_hidden_layers, c.num_attention_heads, c.num_key_value_heads
        self.head_dim = c.hidden_size // c.num_attention_heads
        self.eps = c.rms_norm_eps
        self.hf = hf  # weights are read from the HF modules, so there is one copy and parity is by construction
        rot = hf.model.rotary_emb
        self.register_buffer("inv_freq", rot.inv_freq.float().clone(), persistent=False)
        self.rope_scale = float(rot.attention_scaling)
        self.register_buffer("rot", _rotate_half_matrix(self.head_dim), persistent=False)
        # q/k/v and gate/up projections fused: fewer, larger MatMuls (the per-op cost dominates at batch 1)
        self.qkv = torch.nn.ParameterList(
            [torch.nn.Parameter(torch.cat([l.self_attn.q_proj.weight, l.self_attn.k_proj.weight,
                                           l.self_attn.v_proj.weight]).t().contiguous(), requires_grad=False)
             for l in hf.model.layers])
        self.gate_up = torch.nn.ParameterList(
            [torch.nn.Parameter(torch.cat([l.mlp.gate_proj.weight, l.mlp.up_proj.weight]).t().contiguous(),
                                requires_grad=False) for l in hf.model.layers])

    def forward(self, input_ids, attention_mask, position_ids, *past):
        m = self.hf.model
        b, s = input_ids.shape
        x = m.embed_tokens(input_ids)
        freqs = position_ids.unsqueeze(-1).float() * self.inv_freq           # [b, s, hd/2]
        emb = torch.cat((freqs, freqs), dim=-1)
        cos = (emb.cos() * self.rope_scale).unsqueeze(1)                      # [b, 1, s, hd]
        sin = (emb.sin() * self.rope_scale).unsqueeze(1)
        p = past[0].shape[2]
        total = p + s
        # key j is visible to query i when j <= p + i and attention_mask[j] == 1
        q_idx = torch.arange(s, device=x.device).unsqueeze(1) + p
        k_idx = torch.arange(total, device=x.device).unsqueeze(0)
        visible = (k_idx <= q_idx).unsqueeze(0) & attention_mask.bool().unsqueeze(1)   # [b, s, total]
        bias = torch.where(visible, 0.0, torch.finfo(torch.float32).min).unsqueeze(1).unsqueeze(1)  # [b,1,1,s,T]
        g = self.n_heads // self.n_kv
        present = []
        for i, layer in enumerate(m.layers):
            a = layer.self_attn
            h = _rms(x, layer.input_layernorm.weight, self.eps)
            qkv = torch.matmul(h, self.qkv[i]).view(b, s, self.n_heads + 2 * self.n_kv, self.head_dim).transpose(1, 2)
            q, k, v = torch.split(qkv, [self.n_heads, self.n_kv, self.n_kv], dim=1)
            q = q * cos + torch.matmul(q, self.rot) * sin
            k = k * cos + torch.matmul(k, self.rot) * sin
            k = torch.cat((past[2 * i], k), dim=2)
            v = torch.cat((past[2 * i + 1], v), dim=2)
            present += [k, v]
            qg = q.reshape(b, self.n_kv, g * s, self.head_dim)                 # heads of one KV group side by side
            att = torch.matmul(qg, k.transpose(2, 3)) * a.scaling             # [b, kv, g*s, T]
            att = att.view(b, self.n_kv, g, s, total) + bias
            att = torch.softmax(att, dim=-1).view(b, self.n_kv, g * s, total)
            o = torch.matmul(att, v).view(b, self.n_heads, s, self.head_dim).transpose(1, 2).reshape(b, s, -1)
            x = x + a.o_proj(o)
            h = _rms(x, layer.post_attention_layernorm.weight, self.eps)
            gate, up = torch.matmul(h, self.gate_up[i]).chunk(2, dim=-1)
            x = x + layer.mlp.down_proj(torch.nn.functional.silu(gate) * up)
        x = _rms(x, m.norm.weight, self.eps)
        return (self.hf.lm_head(x), *present)
