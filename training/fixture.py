"""Regenerate test/fixtures/tiny-model/: a tiny Mistral trained a few dozen steps on a few VGMIDI files,
exported by export.py exactly like a shipped model, plus reference.json (PyTorch logits for an ORT check).

    python3 -m training.fixture [--files 12 --steps 60]
    python3 -m training.fixture --regraph   # same weights (read back from model.onnx), today's exporter
    python3 -m training.fixture --bpe 500 --out test/fixtures/tiny-bpe-model   # BPE ids (merges from the same files)
"""
from __future__ import annotations

import argparse
import glob
import json
import os

import numpy as np
import torch

from .config import PRESETS
from .bpe import train_bpe
from .data import Augmenter, bar_starts
from .export import export_onnx, graph_io, manifest, parity, quantize_int8, torch_steps
from .model import build_model, count_params
from .tokens import encode, make_tokenizer, read_score, vocab_groups

OUT = "test/fixtures/tiny-model"


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data/vgmidi/train")
    ap.add_argument("--files", type=int, default=12)
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--regraph", action="store_true", help="rebuild the graphs from the fixture's own weights")
    ap.add_argument("--bpe", type=int, default=0, help="a BPE vocabulary of this size, learned from the same files")
    a = ap.parse_args(argv)
    if a.regraph:
        return regraph(a.out)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    scores = [s for f in sorted(glob.glob(os.path.join(a.data, "*.mid")))[: a.files] if (s := read_score(f)) is not None]
    tok = train_bpe(a.bpe, scores)[0] if a.bpe else make_tokenizer("ours")
    g = vocab_groups(tok)
    pieces = []
    for s in scores:
        pieces += [g["bos_id"], *encode(tok, s), g["eos_id"]]
    data = np.asarray(pieces, np.int64)
    starts = bar_starts(data, g)
    args = dict(PRESETS["tiny"], vocab_size=g["vocab_size"])
    model = build_model(args, attn="eager")
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    aug, L = (lambda w, _: w) if a.bpe else Augmenter(g), 128  # no token-level transposition of BPE ids (data.py)
    for step in range(a.steps):
        ws = [np.concatenate([[g["bos_id"]], aug(data[s:s + L], rng)]) for s in rng.choice(starts[starts < len(data) - L], 16)]
        x = torch.tensor(np.stack(ws))
        loss = model(input_ids=x[:, :-1], labels=x[:, :-1]).loss  # HF shifts labels internally
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 10 == 0 or step == a.steps - 1:
            print(f"step {step} loss {loss.item():.3f}")
    model.eval()
    os.makedirs(a.out, exist_ok=True)
    onnx_path, int8_path = os.path.join(a.out, "model.onnx"), os.path.join(a.out, "model.int8.onnx")
    export_onnx(model, onnx_path)
    quantize_int8(onnx_path, int8_path)
    tok.save(os.path.join(a.out, "tokenizer.json"))
    ids = [int(t) for t in data[int(starts[0]) - 1:int(starts[0]) + 47]]  # BOS + the first 47 tokens of a piece
    diff = parity(model, onnx_path, ids, steps=20)
    print(f"parity fp32 max abs diff {diff:.2e}")
    ref = torch_steps(model, ids, 5)
    greedy = [int(r.argmax()) for r in ref]
    with open(os.path.join(a.out, "reference.json"), "w") as f:
        json.dump({"input_ids": ids, "decode_ids": greedy[:-1],
                   "note": "logits[0] = last position after the prefill of input_ids (past 0); logits[k] = after "
                           "feeding decode_ids[k-1] with the cache (position len(input_ids)+k-1); greedy decode",
                   "logits": [[round(float(v), 6) for v in r] for r in ref],
                   "parityMaxAbsDiffFp32": diff}, f)
    m = manifest(os.path.basename(os.path.normpath(a.out)), model.config, g, {"onnx": "model.onnx", "onnxInt8": "model.int8.onnx",
                 "tokenizer": "tokenizer.json"}, f"{a.files} VGMIDI train files, {a.steps} steps (test fixture"
                 + (f", BPE {a.bpe})" if a.bpe else ")"),
                 {"params": count_params(model), "finalTrainLoss": round(loss.item(), 4)}, graph_io(onnx_path))
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(m, f, indent=2)
    with open(os.path.join(a.out, "MODEL_CARD.md"), "w") as f:
        f.write(f"# {os.path.basename(os.path.normpath(a.out))} (test fixture, not for music)\n"
                f"A {count_params(model)}-parameter MistralForCausalLM trained {a.steps} steps on {a.files} VGMIDI files "
                "(arrangements of copyrighted game music; cite Ferreira & Whitehead 2019).\n"
                + (f"Its tokenizer is MidiTok BPE ({a.bpe} ids, per-bar splitting) learned from the same files.\n" if a.bpe else "")
                + f"Regenerate: `python3 -m training.fixture{f' --bpe {a.bpe} --out {a.out}' if a.bpe else ''}`; "
                "same ONNX layout as the shipped model.\n")


def regraph(out: str) -> None:
    """Re-export the fixture's graphs from the weights in its fp32 graph (no retraining, so reference.json and every
    test built on these weights stay valid), checked against reference.json; the manifest's I/O follows the graph."""
    from .bench_hf import from_onnx
    path = os.path.join(out, "manifest.json")
    m = json.load(open(path))
    ref = json.load(open(os.path.join(out, "reference.json")))
    onnx_path, int8_path = os.path.join(out, "model.onnx"), os.path.join(out, "model.int8.onnx")
    model = from_onnx(onnx_path, m)
    export_onnx(model, onnx_path)
    quantize_int8(onnx_path, int8_path)
    diff = parity(model, onnx_path, ref["input_ids"], steps=20)
    got = torch_steps(model, ref["input_ids"], len(ref["logits"]) - 1)
    drift = max(float(np.abs(np.array(r) - g).max()) for r, g in zip(ref["logits"], got))
    print(f"parity fp32 max abs diff {diff:.2e}; PyTorch vs reference.json {drift:.2e}")
    if drift > 1e-4:
        raise SystemExit(f"{out}: the weights read back from model.onnx drift {drift:.2e} from reference.json")
    m["inputs"], m["outputs"] = graph_io(onnx_path)
    with open(path, "w") as f:
        json.dump(m, f, indent=2)


if __name__ == "__main__":
    main()
