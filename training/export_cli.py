"""export: a weights checkpoint -> models/<name>/ (model.onnx, model.int8.onnx, tokenizer.json, manifest.json,
MODEL_CARD.md), with the parity check (ONNX vs PyTorch logits, prefill + 20 cached steps, fp32 <= 1e-4)
and the int8 validation-loss change. --regraph rebuilds a shipped folder's graphs from its weights.pt.

    python3 -m training export --ckpt training/runs/small/best.pt --name seedloop-small
    python3 -m training export --regraph models/seedloop-small --data-dir training/out/data-ours
    python3 -m training export --ckpt training/out/gpu/base.pt --name seedloop-base --results training/out/gpu/results.json
"""
from __future__ import annotations

import argparse
import json
import os
import time


from .errors import BadInput
from .export import export_onnx, graph_io, manifest, parity, quantize_int8
from .model import count_params, load_weights

PARITY_TOL = 1e-4


def build_graphs(model, fp32: str, int8: str, data_dir: str, eval_limit: int) -> tuple[float, tuple, dict]:
    """The fp32 graph (checked against PyTorch) and the int8 one (its validation-loss change, on the same windows
    through ORT) -> (parity diff, graph I/O names, int8 metrics)."""
    from .evaluate import eval_windows, window_nlls_onnx
    export_onnx(model, fp32)
    # parity on real music: the first 64 tokens of an evaluation window, then 20 cached greedy steps
    window = next(iter(eval_windows(data_dir, 1).values()))[0]
    ids = [int(t) for t in window[:64]]
    diff = parity(model, fp32, ids, steps=20)
    print(f"export: parity fp32 max abs logit diff {diff:.2e} (prefill {len(ids)} + 20 cached steps)")
    if diff > PARITY_TOL:
        raise BadInput(f"ONNX/PyTorch parity failed: max abs diff {diff:.2e} > {PARITY_TOL}")
    quantize_int8(fp32, int8)
    ws = eval_windows(data_dir, eval_limit)
    flat = [w for v in ws.values() for w in v]
    ntok = sum(len(w) - 1 for w in flat)
    nll32 = float(window_nlls_onnx(fp32, flat).sum()) / ntok
    nll8 = float(window_nlls_onnx(int8, flat).sum()) / ntok
    print(f"export: int8 val NLL/token {nll8:.4f} vs fp32 {nll32:.4f} ({nll8 - nll32:+.4f}) on {len(flat)} windows")
    return diff, graph_io(fp32), {"nllPerTokenFp32": round(nll32, 4), "nllPerTokenInt8": round(nll8, 4),
                                  "delta": round(nll8 - nll32, 4), "windows": len(flat)}


def regraph(model_dir: str, data_dir: str, eval_limit: int = 60) -> dict:
    """Rebuild a model folder's graphs from its weights.pt with today's exporter (same weights, no retraining): the
    files the manifest lists, the parity and int8 checks, and the manifest's I/O and those metrics; the rest of the
    manifest and the card stay."""
    from .card import quant_line
    path = os.path.join(model_dir, "manifest.json")
    try:
        m = json.load(open(path))
        ck = os.path.join(model_dir, m["hfCheckpoint"])
    except (OSError, ValueError, KeyError) as e:
        raise BadInput(f"{model_dir}: needs a manifest.json with hfCheckpoint (export --with-weights): {e}")
    try:
        model = load_weights(ck)[0]
    except FileNotFoundError as e:
        raise BadInput(str(e))
    files = m["files"]
    fp32 = os.path.join(model_dir, files.get("onnx") or "model.onnx")
    int8 = os.path.join(model_dir, files.get("onnxInt8") or "model.int8.onnx")
    diff, (inputs, outputs), int8_metrics = build_graphs(model, fp32, int8, data_dir, eval_limit)
    for key, f in (("onnx", fp32), ("onnxInt8", int8)):
        if key not in files:
            os.remove(f)
    m.update(inputs=inputs, outputs=outputs)
    m["metrics"].update(parityMaxAbsDiffFp32=diff, int8=int8_metrics)
    with open(path, "w") as f:
        json.dump(m, f, indent=2)
    card = os.path.join(model_dir, "MODEL_CARD.md")
    if os.path.exists(card):
        lines = open(card).read().split("\n")
        lines = [quant_line(m["metrics"]) if ln.startswith("ONNX fp32 vs PyTorch:") else ln for ln in lines]
        with open(card, "w") as f:
            f.write("\n".join(lines))
    print(f"export: {model_dir} regraphed from {m['hfCheckpoint']} ({', '.join(sorted(files.values()))})")
    return m


def export_model(ckpt: str, name: str, out: str, data_dir: str, files: str = "both", eval_limit: int = 60,
                 results: str | None = None, run: str | None = None, commands: list[str] | None = None,
                 with_weights: bool = False) -> dict:
    from .card import write_card
    from .evaluate import evaluate
    from .data import check_same_tokenizer, read_meta
    t0 = time.time()
    try:
        model, args, tokenizer_json, extra = load_weights(ckpt)
    except FileNotFoundError as e:
        raise BadInput(str(e))
    meta = read_meta(data_dir)
    check_same_tokenizer(tokenizer_json, data_dir, ckpt)
    groups = meta["groups"]
    os.makedirs(out, exist_ok=True)
    fp32, int8 = os.path.join(out, "model.onnx"), os.path.join(out, "model.int8.onnx")
    diff, io, int8_metrics = build_graphs(model, fp32, int8, data_dir, eval_limit)
    gpu = json.load(open(results)) if results else None
    # the GPU run already evaluated these exact weights on the same windows; recomputing on a CPU takes minutes
    torch_eval = ((gpu or {}).get("runs", {}).get(run or "", {}).get("eval")) or evaluate(data_dir, model=model, device="cpu")
    with open(os.path.join(out, "tokenizer.json"), "w") as f:
        f.write(tokenizer_json)
    keep = {"onnx": "model.onnx", "onnxInt8": "model.int8.onnx", "tokenizer": "tokenizer.json"}
    if files == "int8":  # ship only the int8 graph (the manifest then has no fp32 `onnx` entry)
        os.remove(fp32)
        keep.pop("onnx")
    elif files == "fp32":
        os.remove(int8)
        keep.pop("onnxInt8")
    if with_weights:  # PyTorch weights beside the graphs: for fine-tuning (train --init-from) and bench_hf.py
        from .model import save_weights
        save_weights(os.path.join(out, "weights.pt"), model, args, tokenizer_json, extra=extra)
    train_info = extra or {}
    metrics = {"params": count_params(model), "trainTokens": train_info.get("tokens"),
               "trainMinutes": train_info.get("minutes"), "trainDevice": (gpu or {}).get("device") or train_info.get("device"),
               "bestValLoss": train_info.get("best_val_loss"), "eval": torch_eval,
               "parityMaxAbsDiffFp32": diff, "int8": int8_metrics}
    trained_on = ", ".join(meta.get("sources", {}).get("train", [])) or str(meta.get("sources"))
    m = manifest(name, model.config, groups, keep, trained_on, metrics, io)
    if with_weights:
        m["hfCheckpoint"] = "weights.pt"
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(m, f, indent=2)
    write_card(os.path.join(out, "MODEL_CARD.md"), name, m, meta, train_info, gpu, run, commands or [])
    sizes = {k: os.path.getsize(os.path.join(out, v)) for k, v in keep.items()}
    print(f"export: {name} -> {out} ({', '.join(f'{k} {v / 1e6:.1f} MB' for k, v in sizes.items())}) "
          f"in {time.time() - t0:.0f}s")
    return m


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m training export", description=__doc__.split("\n")[0])
    ap.add_argument("--ckpt", help="weights checkpoint (best.pt)")
    ap.add_argument("--name", help="model name (folder models/<name>)")
    ap.add_argument("--regraph", metavar="MODEL_DIR",
                    help="instead: rebuild MODEL_DIR's graphs from its weights.pt (same weights, today's exporter)")
    ap.add_argument("--out", help="output folder (default models/<name>)")
    ap.add_argument("--data-dir", default="training/out/data-ours", help="prepared shards for parity/int8 checks")
    ap.add_argument("--files", choices=["both", "int8", "fp32"], default="both", help="which ONNX graphs to keep")
    ap.add_argument("--eval-limit", type=int, default=60, help="windows per corpus for the int8 loss change")
    ap.add_argument("--results", help="results.json of gpu_train.sh (adds the baseline comparison to the card)")
    ap.add_argument("--run", help="which run of --results this checkpoint is (base|small)")
    ap.add_argument("--with-weights", action="store_true", help="also write weights.pt (fp16, for fine-tuning)")
    ap.add_argument("--command", action="append", default=[], help="a reproduce command for the card (repeatable)")
    a = ap.parse_args(argv)
    if a.regraph:
        regraph(a.regraph, a.data_dir, a.eval_limit)
        return
    if not (a.ckpt and a.name):
        raise BadInput("export needs --ckpt and --name (or --regraph MODEL_DIR)")
    export_model(a.ckpt, a.name, a.out or f"models/{a.name}", a.data_dir, a.files, a.eval_limit, a.results, a.run,
                 a.command, a.with_weights)
