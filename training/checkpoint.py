"""Where a training run starts: resumed from out_dir/ckpt.pt (model, optimizer, sampler RNG, step, tokens,
history, best loss and best weights), or fine-tuning from --init-from's weights, or from scratch."""
from __future__ import annotations

import json
import os

import torch

from .config import TrainConfig
from .errors import BadInput


def restore(cfg: TrainConfig, model, opt, sampler, args: dict, tokenizer_json: str, tok_path: str, device: str) -> dict:
    """Resume from out_dir/ckpt.pt, or start from --init-from's weights. -> the loop's saved state."""
    state = {"step": 0, "tokens": 0, "elapsed": 0.0, "best": float("inf"), "history": [], "best_state": None}
    ckpt_path = os.path.join(cfg.out_dir, "ckpt.pt")
    if cfg.resume and os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=device, weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        state.update({k: ck[k] for k in ("step", "tokens", "elapsed", "best", "history")}, best_state=ck.get("best_state"))
        if state["best_state"] is None:  # a checkpoint from before best_state was saved: its best weights are gone
            state["best"] = float("inf")
        sampler.rng.bit_generator.state = ck["rng"]
        state["resumed"] = f"train: resumed {ckpt_path} at step {state['step']} ({state['tokens']:,} tokens)"
    elif cfg.init_from:
        from .model import load_weights
        try:
            src, src_args, src_tok, _ = load_weights(cfg.init_from)
        except FileNotFoundError as e:
            raise BadInput(str(e))
        if {k: v for k, v in src_args.items() if k != "context_length"} != \
                {k: v for k, v in args.items() if k != "context_length"}:
            raise BadInput(f"--init-from {cfg.init_from} is a different model size than preset {cfg.preset!r}")
        if json.loads(src_tok).get("config") != json.loads(tokenizer_json).get("config"):
            raise BadInput(f"--init-from {cfg.init_from} used another tokenizer than {tok_path}")
        model.load_state_dict(src.state_dict())
        state["resumed"] = f"train: starting from the weights in {cfg.init_from}"
    return state
