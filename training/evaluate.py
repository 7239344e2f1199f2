"""evaluate: validation NLL per token and per bar on the 8-bar windows of each validation corpus.

    python3 -m training evaluate --ckpt training/runs/small/best.pt --data-dir training/out/data-ours
    python3 -m training evaluate --onnx models/x/model.int8.onnx --data-dir training/out/data-ours --limit 100

Windows are cut on the score before tokenizing (prepare.py), so every tokenizer sees the same music:
NLL per bar (nats, summed over a bar's tokens) compares tokenizations fairly; NLL per token does not.
"""
from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

from .data import read_meta, read_shard, split_windows
from .errors import BadInput


def eval_windows(data_dir: str, limit: int = 0) -> dict[str, list[np.ndarray]]:
    meta = read_meta(data_dir)
    if not meta.get("eval"):
        raise BadInput(f"{data_dir} has no evaluation windows (val folders missing?)")
    out = {}
    for name, e in meta["eval"].items():
        ws = split_windows(read_shard(data_dir, e["file"]), meta["groups"]["bos_id"])
        out[name] = ws[:limit] if limit else ws
    return out


def window_nlls_torch(model, windows: list[np.ndarray], pad: int, device: str, batch: int = 16) -> np.ndarray:
    """Summed NLL (nats) of each window's tokens after its BOS."""
    model.eval().to(device)
    order = np.argsort([len(w) for w in windows])
    sums = np.zeros(len(windows))
    with torch.no_grad():
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            n = max(len(windows[j]) for j in idx)
            x = torch.full((len(idx), n), pad, dtype=torch.long)
            for r, j in enumerate(idx):
                x[r, :len(windows[j])] = torch.from_numpy(windows[j].astype(np.int64))
            x = x.to(device)
            mask = (x != pad).long()
            logits = model(input_ids=x, attention_mask=mask).logits[:, :-1].float()
            y = x[:, 1:].masked_fill(mask[:, 1:] == 0, -100)
            nll = F.cross_entropy(logits.transpose(1, 2), y, ignore_index=-100, reduction="none").sum(1)
            sums[idx] = nll.cpu().numpy()
    return sums


def window_nlls_onnx(path: str, windows: list[np.ndarray], threads: int = 0) -> np.ndarray:
    """The same through onnxruntime (one window at a time, empty past): for the int8 loss change."""
    import onnxruntime as ort
    so = ort.SessionOptions()
    if threads:
        so.intra_op_num_threads = threads
    sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    past = [i for i in sess.get_inputs() if i.name.startswith("past_key_values.")]
    sums = np.zeros(len(windows))
    for k, w in enumerate(tqdm(windows, desc="onnx eval", leave=False, mininterval=2, disable=None)):
        ids = w.astype(np.int64)[None]
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "position_ids": np.arange(ids.shape[1])[None]}
        for p in past:
            feeds[p.name] = np.zeros((1, p.shape[1], 0, p.shape[3]), np.float32)
        logits = sess.run(["logits"], feeds)[0][0, :-1].astype(np.float64)
        m = logits.max(-1, keepdims=True)
        logp = logits - m - np.log(np.exp(logits - m).sum(-1, keepdims=True))
        sums[k] = -logp[np.arange(len(w) - 1), w[1:]].sum()
    return sums


def evaluate(data_dir: str, ckpt: str | None = None, onnx: str | None = None, model=None, limit: int = 0,
             device: str = "auto") -> dict:
    meta = read_meta(data_dir)
    pad, bars = meta["groups"]["pad_id"], meta["eval_bars"]
    device = ("cuda" if torch.cuda.is_available() else "cpu") if device == "auto" else device
    if model is None and ckpt:
        from .data import check_same_tokenizer
        from .model import load_weights
        try:
            model, _, tokenizer_json, _ = load_weights(ckpt, attn="sdpa")
        except FileNotFoundError as e:
            raise BadInput(str(e))
        check_same_tokenizer(tokenizer_json, data_dir, ckpt)
    if model is None and not onnx:
        raise BadInput("evaluate needs --ckpt or --onnx")
    t0, res, tot = time.time(), {}, {"nll": 0.0, "tokens": 0, "bars": 0}
    for name, ws in eval_windows(data_dir, limit).items():
        s = window_nlls_onnx(onnx, ws) if onnx else window_nlls_torch(model, ws, pad, device)
        toks = int(sum(len(w) - 1 for w in ws))
        res[name] = {"windows": len(ws), "tokens": toks, "nll_per_token": round(float(s.sum()) / max(toks, 1), 4),
                     "nll_per_bar": round(float(s.sum()) / max(len(ws) * bars, 1), 3)}
        tot["nll"] += float(s.sum()); tot["tokens"] += toks; tot["bars"] += len(ws) * bars
    res["all"] = {"windows": sum(r["windows"] for r in res.values()), "tokens": tot["tokens"],
                  "nll_per_token": round(tot["nll"] / max(tot["tokens"], 1), 4),
                  "nll_per_bar": round(tot["nll"] / max(tot["bars"], 1), 3)}
    res["seconds"] = round(time.time() - t0, 1)
    return res


def summary_line(label: str, res: dict) -> str:
    parts = [f"{k} {v['nll_per_token']:.3f}/tok {v['nll_per_bar']:.1f}/bar" for k, v in res.items() if isinstance(v, dict)]
    return f"evaluate {label}: " + " | ".join(parts)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m training evaluate", description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", default="training/out/data-ours", help="prepared shards (val_<corpus>.bin)")
    ap.add_argument("--ckpt", help="weights checkpoint (best.pt)")
    ap.add_argument("--onnx", help="or an ONNX model file")
    ap.add_argument("--limit", type=int, default=0, help="at most this many windows per corpus (0 = all)")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--out", help="write the metrics JSON here")
    a = ap.parse_args(argv)
    res = evaluate(a.data_dir, a.ckpt, a.onnx, limit=a.limit, device=a.device)
    print(summary_line(a.ckpt or a.onnx, res))
    if a.out:
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        with open(a.out, "w") as f:
            json.dump(res, f, indent=1)
