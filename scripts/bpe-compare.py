"""BPE versus no BPE at equal compute (issue 14 item 2): one command, one table.

    nice python3 scripts/bpe-compare.py --vocab 4000 1000          # ~1 h on the shared 2-core machine

For each tokenization (the shipped REMI config "ours", and MidiTok BPE on it with each --vocab, default per-bar
splitting, merges learned from the same training splits): prepare shards of VGMIDI + Nottingham (whole) and a
hash-stable VGMusic sample (`training prepare --corpora`, BPE via `training bpe` + `--bpe`), train the same
model size (`--preset`, default mini) on the same music, then measure per validation corpus:
  ids per bar      (val pieces whole),
  NLL per bar      (nats summed over a bar's ids, on the same 8-bar windows cut on the score: comparable),
  decode per loop  (ms per cached decode step of the exported int8 ONNX graph, 1 thread, x ids per 8 bars).
Equal music: every run takes the same steps and batch, and its context (ids per training window) is the base
context times its ids-per-bar ratio on the training shard, so each window holds the same bars on average
(BPE windows are shorter in ids, not in music). No augmentation in any run (token-level transposition does not
exist for BPE ids). Work files go to --work (default /tmp/seedloop-bpe-compare), never the repo.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)
CORPORA = ["vgmidi", "nottingham", "vgmusic"]


def sh(args: list[str]) -> None:
    print("+", " ".join(args), file=sys.stderr, flush=True)
    subprocess.run(args, check=True, cwd=ROOT)


def prepare(work: str, name: str, vocab: int | None, a) -> str:
    out = os.path.join(work, f"data-{name}")
    if os.path.exists(os.path.join(out, "meta.json")):
        return out
    samples = ["1", f"vgmusic={a.vgmusic_sample}"]
    py = [sys.executable, "-m", "training"]
    extra = []
    if vocab:
        tok = os.path.join(work, f"{name}.json")
        if not os.path.exists(tok):
            sh([*py, "bpe", "--vocab", str(vocab), "--corpora", *CORPORA, "--sample", *samples, "--out", tok])
        extra = ["--bpe", tok]
    sh([*py, "prepare", "--corpora", *CORPORA, "--sample", *samples, "--workers", str(a.threads), "--out", out, *extra])
    return out


def ids_per_bar(meta: dict, split: str) -> dict:
    return {c: round(s[split]["tokens"] / max(s[split]["bars"], 1), 2) for c, s in meta["corpora"].items()}


def train(work: str, name: str, data: str, context: int, a) -> str:
    out = os.path.join(work, f"run-{name}")
    if not os.path.exists(os.path.join(out, "best.pt")):
        sh([sys.executable, "-m", "training", "train", "--preset", a.preset, "--data-dir", data, "--out-dir", out,
            "--context-length", str(context), "--batch-size", str(a.batch), "--max-steps", str(a.steps),
            "--warmup-steps", str(max(1, a.steps // 10)), "--lr", "2e-3", "--eval-every", str(a.steps),
            "--eval-batches", "4", "--augment", "false", "--resume", "false", "--save-every", "0",
            "--threads", str(a.threads)])
    return out


def step_ms(onnx_path: str, vocab: int, steps: int, rounds: int, threads: int = 1) -> list[float]:
    """ms per cached decode step after a 32-id prefill (one sample per round)."""
    import numpy as np
    import onnxruntime as ort
    from training.export import graph_io
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    sess = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
    ins = {i.name: i for i in sess.get_inputs()}
    pasts = [n for n in graph_io(onnx_path)[0] if n.startswith("past_key_values.")]
    rng = np.random.default_rng(0)
    out = []
    for _ in range(rounds):
        kv = {n: np.zeros((1, ins[n].shape[1], 0, ins[n].shape[3]), np.float32) for n in pasts}
        x, start = rng.integers(4, vocab, (1, 32)).astype(np.int64), 0
        t = None
        for k in range(steps + 1):
            if k == 1:
                t = time.perf_counter()
            total = start + x.shape[1]
            res = dict(zip([o.name for o in sess.get_outputs()], sess.run(None, {
                "input_ids": x, "attention_mask": np.ones((1, total), np.int64),
                "position_ids": np.arange(start, total, dtype=np.int64)[None], **kv})))
            kv = {n: res[n.replace("past_key_values", "present")] for n in pasts}
            start, x = total, np.array([[int(res["logits"][0, -1].argmax())]], np.int64)
        out.append(1000 * (time.perf_counter() - t) / steps)
    return out


def export(run: str) -> tuple[str, int, int]:
    from training.export import export_onnx, quantize_int8
    from training.model import load_weights
    model, args, _, _ = load_weights(os.path.join(run, "best.pt"))
    fp32, int8 = os.path.join(run, "model.onnx"), os.path.join(run, "model.int8.onnx")
    if not os.path.exists(int8):
        export_onnx(model, fp32)
        quantize_int8(fp32, int8)
    return int8, args["vocab_size"], args["context_length"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vocab", type=int, nargs="*", default=[4000], help="BPE vocabulary sizes to compare with no BPE")
    ap.add_argument("--vgmusic-sample", type=float, default=0.0235, help="hash-stable share of VGMusic")
    ap.add_argument("--preset", default="mini")
    ap.add_argument("--context", type=int, default=512, help="no-BPE training context in ids (BPE: scaled by ids/bar)")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--work", default="/tmp/seedloop-bpe-compare")
    ap.add_argument("--out", help="also write the results JSON here")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    names = {"none": None, **{f"bpe{v}": v for v in a.vocab}}
    data = {n: prepare(a.work, n, v, a) for n, v in names.items()}
    metas = {n: json.load(open(os.path.join(d, "meta.json"))) for n, d in data.items()}
    train_ratio = {n: (m["splits"]["train"]["tokens"] / m["splits"]["train"]["bars"]) for n, m in metas.items()}
    runs, res = {}, {"equalization": {}, "rows": {}}
    for n in names:
        ctx = round(a.context * train_ratio[n] / train_ratio["none"])
        runs[n] = train(a.work, n, data[n], ctx, a)
        res["equalization"][n] = {"context_ids": ctx, "train_ids_per_bar": round(train_ratio[n], 2),
                                  "bars_per_window": round(ctx / train_ratio[n], 2), "steps": a.steps, "batch": a.batch,
                                  "bars_seen": round(a.steps * a.batch * ctx / train_ratio[n])}
    from training.evaluate import evaluate
    onnx = {n: export(r) for n, r in runs.items()}
    ms = {n: [] for n in names}
    for _ in range(3):  # interleaved rounds: the machine's load hits every tokenization alike
        for n, (path, vocab, ctx) in onnx.items():
            ms[n] += step_ms(path, vocab, min(200, ctx - 33), 1)
    for n in names:
        from training.model import load_weights
        model = load_weights(os.path.join(runs[n], "best.pt"), attn="sdpa")[0]
        ev = evaluate(data[n], model=model, device="cpu")
        per_bar = ids_per_bar(metas[n], "val")
        step = statistics.median(ms[n])
        res["rows"][n] = {c: {"ids_per_bar": per_bar[c], "nll_per_bar": ev[c]["nll_per_bar"],
                              "nll_per_id": ev[c]["nll_per_token"], "windows": ev[c]["windows"],
                              "loop_ms": round(step * 8 * per_bar[c], 1)} for c in CORPORA if c in ev}
        res["rows"][n]["step_ms"] = round(step, 3)
        res["rows"][n]["params"] = json.load(open(os.path.join(runs[n], "train_summary.json")))["params"]
    res["setup"] = {k: v for k, v in vars(a).items()}
    print(table(res))
    print(json.dumps(res))
    if a.out:
        with open(a.out, "w") as f:
            json.dump(res, f, indent=1)


def table(res: dict) -> str:
    rows = res["rows"]
    lines = ["| corpus | " + " | ".join(f"{n}: ids/bar, NLL/bar, ms/8 bars" for n in rows) + " |",
             "|---|" + "---|" * len(rows)]
    for c in CORPORA:
        cells = [f"{r[c]['ids_per_bar']}, {r[c]['nll_per_bar']}, {r[c]['loop_ms']}" for r in rows.values() if c in r]
        lines.append(f"| {c} | " + " | ".join(cells) + " |")
    lines.append("| ms/step, params | " + " | ".join(f"{r['step_ms']}, {r['params']:,}" for r in rows.values()) + " |")
    eq = res["equalization"]
    lines.append("equal music: " + "; ".join(f"{n} context {e['context_ids']} ids = {e['bars_per_window']} bars, "
                                             f"{e['bars_seen']:,} bars seen" for n, e in eq.items()))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
