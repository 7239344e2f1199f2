"""train: token shards -> a MistralForCausalLM. AdamW, warmup + cosine, grad clipping, bf16 autocast on CUDA,
periodic validation, resumable checkpoints. The same code runs on CPU or one CUDA GPU.

    python3 -m training train --preset small --data-dir training/out/data-ours --out-dir training/runs/small \
        --max-minutes 60

The schedule's progress is the furthest of steps/max_steps, tokens/max_tokens and minutes/max_minutes, so the
learning rate always completes its cosine before whichever limit comes first.
Writes out_dir/ckpt.pt (resumable: model, optimizer, step, configs, the best weights so far) and out_dir/best.pt
(fp16 weights of the best validation step + model args + tokenizer config: what export/evaluate read).
"""
from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F
from tqdm import tqdm

from .checkpoint import restore
from .config import PRESETS, TrainConfig
from .data import WindowSampler, bar_starts, read_corpora
from .dist import Dist, setup
from .errors import BadInput
from .model import build_model, count_params, save_weights


def lr_at(cfg: TrainConfig, step: int, progress: float) -> float:
    if step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    floor = cfg.lr * cfg.min_lr_ratio
    return floor + 0.5 * (cfg.lr - floor) * (1 + math.cos(math.pi * min(progress, 1.0)))


def make_optimizer(model, cfg: TrainConfig, fused: bool):
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    groups = [{"params": decay, "weight_decay": cfg.weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=cfg.lr, betas=cfg.betas, fused=fused)


def loss_sum(model, x, y, autocast):
    """-> (summed token NLL, tokens counted): summed, so ranks can divide by the global token count."""
    with autocast:
        logits = model(input_ids=x).logits
    nll = F.cross_entropy(logits.float().view(-1, logits.size(-1)), y.view(-1), ignore_index=-100, reduction="sum")
    return nll, int((y != -100).sum())


@torch.no_grad()
def validate(model, batches, autocast, dist: Dist) -> float:
    """Mean token NLL over the validation batches, each rank scoring every world-th batch."""
    model.eval()
    total, count = 0.0, 0
    for x, y in batches[dist.rank::dist.world]:
        nll, n = loss_sum(model, x, y, autocast)
        total, count = total + nll.item(), count + n
    model.train()
    total, count = dist.sum(total, count)
    return total / max(count, 1)


def train(cfg: TrainConfig) -> dict:
    dist = setup(cfg.device)
    try:
        return run(cfg, dist)
    finally:
        dist.close()


def run(cfg: TrainConfig, dist: Dist) -> dict:
    device = dist.device
    if cfg.batch_size % dist.world:
        raise BadInput(f"--batch-size {cfg.batch_size} does not split over {dist.world} processes")
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    if device.startswith("cuda"):
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    meta, tokenizer_json, train_tokens, val_tokens = read_corpora(cfg.data_dir)
    tok_path = os.path.join(cfg.data_dir.split(",")[0], "tokenizer.json")
    args = cfg.model_args(meta["groups"]["vocab_size"])
    L = args["context_length"]
    train_s = WindowSampler(train_tokens, meta, L, cfg.augment, cfg.seed)
    val_batches = []
    if len(bar_starts(val_tokens, meta["groups"])):
        val_batches = WindowSampler(val_tokens, meta, L, False, 0).fixed_batches(cfg.eval_batches, cfg.batch_size, device)

    model = build_model(args, attn="sdpa", dropout=cfg.dropout).to(device)
    opt = make_optimizer(model, cfg, fused=device.startswith("cuda"))
    ckpt_path = os.path.join(cfg.out_dir, "ckpt.pt")
    if dist.main:
        os.makedirs(cfg.out_dir, exist_ok=True)
    st = restore(cfg, model, opt, train_s, args, tokenizer_json, tok_path, device)
    step, tokens, elapsed, best, history, best_state = (st[k] for k in ("step", "tokens", "elapsed", "best", "history",
                                                                         "best_state"))
    say = print if dist.main else (lambda *a, **k: None)
    if "resumed" in st:
        say(st["resumed"])
    net = dist.wrap(model)
    net = torch.compile(net) if cfg.compile and device.startswith("cuda") else net
    autocast = torch.autocast("cuda", dtype=torch.bfloat16, enabled=cfg.bf16) if device.startswith("cuda") \
        else torch.autocast("cpu", enabled=False)

    def progress() -> float:
        p = step / cfg.max_steps if cfg.max_steps else 0.0
        if cfg.max_tokens:
            p = max(p, tokens / cfg.max_tokens)
        if cfg.max_minutes:
            p = max(p, elapsed / (60 * cfg.max_minutes))
        return p

    def save_ckpt():
        if not dist.main:
            return
        torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "step": step, "tokens": tokens,
                    "elapsed": elapsed, "best": best, "best_state": best_state, "history": history,
                    "rng": train_s.rng.bit_generator.state, "config": cfg.to_dict(), "model_args": args,
                    "tokenizer_json": tokenizer_json, "world": dist.world}, ckpt_path + ".tmp")
        os.replace(ckpt_path + ".tmp", ckpt_path)

    name = os.path.basename(os.path.normpath(cfg.out_dir))
    procs = f" x {dist.world} processes" if dist.world > 1 else ""
    say(f"train {name}: {cfg.preset} {count_params(model) / 1e6:.2f}M params on {device}{procs}, context {L}, batch "
        f"{cfg.batch_size}, data {cfg.data_dir} ({len(train_s.tokens):,} train tokens)", flush=True)
    bar = tqdm(total=1000, desc=f"train {name}", unit="‰", disable=not (dist.main and sys.stderr.isatty()), leave=False)
    model.train()
    t_start, t_log, tok_log, last_loss = time.time(), time.time(), tokens, float("nan")
    base_elapsed = elapsed
    while progress() < 1.0:
        for g in opt.param_groups:
            g["lr"] = lr_at(cfg, step, progress())
        x, y = train_s.batch(cfg.batch_size, device, dist.rank, dist.world)
        nll, n = loss_sum(net, x, y, autocast)
        # DDP averages gradients over ranks: scaling by world / global count makes that the global token mean
        n_all = dist.sum(n)[0] if dist.world > 1 else n
        loss = nll * (dist.world / max(n_all, 1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        opt.step()
        step += 1
        tokens += x.numel() * dist.world
        elapsed = dist.max(base_elapsed + time.time() - t_start) if cfg.max_minutes else base_elapsed + time.time() - t_start
        bar.update(int(progress() * 1000) - bar.n)
        do_eval = val_batches and (step % cfg.eval_every == 0 or progress() >= 1.0)
        if do_eval or (dist.main and time.time() - t_log >= cfg.log_every_s):
            last_loss = nll.item() / max(n, 1)  # rank 0's share of the batch
            now = time.time()
            rate = (tokens - tok_log) / max(now - t_log, 1e-9)
            line = (f"step {step} | loss {last_loss:.4f} | lr {opt.param_groups[0]['lr']:.2e} | {rate:,.0f} tok/s | "
                    f"{tokens / 1e6:.2f}M tok | {elapsed / 60:.1f} min | {100 * progress():.0f}%")
            if do_eval:
                v = validate(model, val_batches, autocast, dist)
                history.append({"step": step, "tokens": tokens, "train_loss": round(last_loss, 4), "val_loss": round(v, 4)})
                if v < best:
                    best, best_state = v, copy.deepcopy(model.state_dict())
                line += f" | val {v:.4f} (best {best:.4f})"
            if dist.main:
                tqdm.write(f"train {name}: {line}", file=sys.stdout)
                sys.stdout.flush()
            t_log, tok_log = time.time(), tokens
        if cfg.save_every and step % cfg.save_every == 0:
            save_ckpt()
    bar.close()
    save_ckpt()
    if best_state is None or not val_batches:
        best_state = model.state_dict()
    summary = {"preset": cfg.preset, "params": count_params(model), "device": device, "processes": dist.world,
               "steps": step, "tokens": tokens, "minutes": round(elapsed / 60, 2),
               "tokens_per_s": round(tokens / max(elapsed, 1e-9)),
               "best_val_loss": round(best, 4) if val_batches else None, "history": history,
               "data_dir": cfg.data_dir, "tokenizer": meta.get("tokenizer"), "config": cfg.to_dict()}
    if dist.main:
        final = copy.deepcopy(model.state_dict())
        model.load_state_dict(best_state)
        save_weights(os.path.join(cfg.out_dir, "best.pt"), model, args, tokenizer_json, extra=summary)
        model.load_state_dict(final)
        with open(os.path.join(cfg.out_dir, "train_summary.json"), "w") as f:
            json.dump(summary, f, indent=1)
    say(f"train {name}: done: {step} steps, {tokens:,} tokens in {elapsed / 60:.1f} min "
        f"({summary['tokens_per_s']:,} tok/s), best val loss {summary['best_val_loss']} -> {cfg.out_dir}/best.pt",
        flush=True)
    return summary


def parser() -> argparse.ArgumentParser:
    """One flag per TrainConfig field; its help is the field's metadata (config.opt)."""
    ap = argparse.ArgumentParser(prog="python3 -m training train", description=__doc__.split("\n")[0])
    for f in dataclasses.fields(TrainConfig):
        flag, d = "--" + f.name.replace("_", "-"), f.default
        h = f"{f.metadata['help']} (default {d})"
        if isinstance(d, bool):
            ap.add_argument(flag, type=lambda s: s.lower() in ("1", "true", "yes"), default=d, help=h)
        elif isinstance(d, tuple):
            ap.add_argument(flag, type=float, nargs=len(d), default=d, help=h)
        else:
            ap.add_argument(flag, type=type(d), default=d, help=h)
    return ap


def main(argv=None):
    a = vars(parser().parse_args(argv))
    if a["preset"] not in PRESETS:
        raise BadInput(f"unknown preset {a['preset']!r}: choose one of {', '.join(PRESETS)}")
    train(TrainConfig.from_dict(a))
