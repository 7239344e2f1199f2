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


# lm_head.weight is tied to embed_tokens.weight: saved once, re-tied on load.
TIED = {"lm_head.weight"}


def save_weights(path: str, model: torch.nn.Module, model_args: dict, tokenizer_json: str,
                 extra: dict | None = None, dtype=torch.float16) -> str:
    """Weights-only checkpoint (fp16 by default) + model args + tokenizer config, in one file written
    atomically. (Splitting it for the GPU machine's 16 MB limit is training/transport.py's job.)"""
    state = {k: v.detach().to("cpu", dtype) for k, v in model.state_dict().items() if k not in TIED}
    blob = {"model_args": model_args, "tokenizer_json": tokenizer_json, "extra": extra or {}, "state": state}
    torch.save(blob, path + ".tmp")
    os.replace(path + ".tmp", path)
    return path


def load_weights(path: str, attn: str = "eager"):
    """-> (model in fp32, model_args, tokenizer_json, extra). Every weight of the model must be in the file
    (bar the tied lm_head), and nothing else."""
    if not os.path.exists(path):
        hint = f" (it came back in parts: python3 -m training.transport join {path})" \
            if os.path.exists(f"{path}.part0") else ""
        raise FileNotFoundError(f"no checkpoint at {path}{hint}")
    blob = torch.load(path, map_location="cpu", weights_only=False)
    model = build_model(blob["model_args"], attn=attn)
    state = {k: v.float() for k, v in blob["state"].items()}
    result = model.load_state_dict(state, strict=False)
    missing = sorted(set(result.missing_keys) - TIED)
    if missing or result.unexpected_keys:
        from .errors import BadInput
        raise BadInput(f"checkpoint {path} does not fit its model args: missing {missing[:5]}"
                         f"{' ...' if len(missing) > 5 else ''}, unexpected {sorted(result.unexpected_keys)[:5]}")
    model.tie_weights()
    model.eval()
    return model, blob["model_args"], blob["tokenizer_json"], blob.get("extra", {})


def read_json(path: str) -> dict:
    with open(path) as f:
        return json.load(f)
