"""The model: a small MistralForCausalLM built from plain model args, and checkpoints that carry
everything needed to rebuild it (model args + tokenizer config), so a checkpoint is self-describing."""
from __future__ import annotations

import json
import os

import torch
from transformers import MistralConfig, MistralForCausalLM


def build_model(args: dict, attn: str = "sdpa", dropout: float = 0.0) -> MistralForCausalLM:
    """args: hidden_size, num_hidden_layers, num_attention_heads, num_key_value_heads,
    intermediate_size, context_length, vocab_size (+ optional pad/bos/eos ids)."""
    cfg = MistralConfig(
        vocab_size=args["vocab_size"],
        hidden_size=args["hidden_size"],
        intermediate_size=args["intermediate_size"],
        num_hidden_layers=args["num_hidden_layers"],
        num_attention_heads=args["num_attention_heads"],
        num_key_value_heads=args["num_key_value_heads"],
        head_dim=args["hidden_size"] // args["num_attention_heads"],
        max_position_embeddings=args["context_length"],
        sliding_window=None,
        rope_theta=10000.0,
        attention_dropout=dropout,
        tie_word_embeddings=True,  # small vocab: tying saves params and helps small data
        pad_token_id=args.get("pad_id", 0), bos_token_id=args.get("bos_id", 1), eos_token_id=args.get("eos_id", 2),
        attn_implementation=attn,
    )
    return MistralForCausalLM(cfg)


def count_params(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


# A weights checkpoint is split into parts of at most this many bytes (the GPU machine returns files <= 16 MB).
PART_BYTES = 15 * 1000 * 1000


def save_weights(path: str, model: torch.nn.Module, model_args: dict, tokenizer_json: str,
                 extra: dict | None = None, dtype=torch.float16) -> list[str]:
    """Weights-only checkpoint (fp16 by default) + model args + tokenizer config, split into <= 15 MB parts:
    path.part0, path.part1, ... Returns the part paths."""
    state = {k: v.detach().to("cpu", dtype) for k, v in model.state_dict().items() if k != "lm_head.weight"}
    blob = {"model_args": model_args, "tokenizer_json": tokenizer_json, "extra": extra or {}, "state": state}
    tmp = path + ".tmp"
    torch.save(blob, tmp)
    data = open(tmp, "rb").read()
    os.remove(tmp)
    parts = []
    for i in range(0, max(len(data), 1), PART_BYTES):
        p = f"{path}.part{len(parts)}"
        with open(p, "wb") as f:
            f.write(data[i:i + PART_BYTES])
        parts.append(p)
    return parts


def load_weights(path: str, attn: str = "eager"):
    """Reassemble path.part* (or read path itself) -> (model in fp32, model_args, tokenizer_json, extra)."""
    if os.path.exists(path):
        data = open(path, "rb").read()
    else:
        parts, i = [], 0
        while os.path.exists(f"{path}.part{i}"):
            parts.append(open(f"{path}.part{i}", "rb").read())
            i += 1
        if not parts:
            raise FileNotFoundError(f"no checkpoint at {path} (nor {path}.part0)")
        data = b"".join(parts)
    import io
    blob = torch.load(io.BytesIO(data), map_location="cpu", weights_only=False)
    model = build_model(blob["model_args"], attn=attn)
    state = {k: v.float() for k, v in blob["state"].items()}
    model.load_state_dict(state, strict=False)  # lm_head is tied to embed_tokens
    model.tie_weights()
    model.eval()
    return model, blob["model_args"], blob["tokenizer_json"], blob.get("extra", {})


def read_json(path: str) -> dict:
    with open(path) as f:
        return json.load(f)
