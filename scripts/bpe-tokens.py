"""Tokens per bar with and without MidiTok BPE, per validation corpus (issue 14 item 2, the cheap half).

Trains BPE on the shipped REMI config over merged training pieces (VGMIDI + Nottingham + a VGMusic subset,
merged to one pitched track as the product does; MidiTok's default per-bar splitting, so no merged token crosses
a bar line), then counts ids and bars on each validation corpus. Merged copies go to a temp folder, never the repo.
    nice python3 scripts/bpe-tokens.py --vgmusic /tmp/rollctx-vgm-train --vocab 1000 4000
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from training.config import OURS  # noqa: E402
from training.tokens import make_tokenizer, read_score  # noqa: E402


def mids(folder: str) -> list[str]:
    return sorted(glob.glob(os.path.join(folder, "**", "*.mid"), recursive=True) + glob.glob(os.path.join(folder, "**", "*.midi"), recursive=True))


def merged_copies(files: list[str], out: str) -> list[str]:
    paths = []
    for i, f in enumerate(files):
        s = read_score(f)
        if s is None:
            continue
        p = os.path.join(out, f"{i:06d}.mid")
        try:
            s.dump_midi(p)
        except Exception:
            continue
        paths.append(p)
    return paths


def count(tok, paths: list[str]) -> tuple[int, int, int]:
    """(ids, base tokens, bars) over the files."""
    from symusic import Score
    ids = base = bars = 0
    for p in paths:
        seq = tok.encode(Score(p))
        seq = seq[0] if isinstance(seq, list) else seq
        ids += len(seq.ids)
        toks = seq.tokens
        base += len(toks)
        bars += sum(1 for t in toks if t == "Bar_None")
    return ids, base, bars


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--vgmusic", help="folder with extracted VGMusic files: train/ and val/ under it")
    ap.add_argument("--vocab", type=int, nargs="+", default=[1000, 4000])
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="rollctx-bpe-")
    train = mids(f"{a.data}/vgmidi/train") + mids(f"{a.data}/nottingham/train")
    vals = {"vgmidi": mids(f"{a.data}/vgmidi/val"), "nottingham": mids(f"{a.data}/nottingham/val")}
    if a.vgmusic:
        train += mids(os.path.join(a.vgmusic, "train"))
        vals["vgmusic"] = mids(os.path.join(a.vgmusic, "val"))
    t0 = time.time()
    os.makedirs(os.path.join(tmp, "train"))
    train_paths = merged_copies(train, os.path.join(tmp, "train"))
    val_paths = {}
    for k, files in vals.items():
        os.makedirs(os.path.join(tmp, k))
        val_paths[k] = merged_copies(files, os.path.join(tmp, k))
    print(f"merged {len(train_paths)} training and {sum(map(len, val_paths.values()))} validation pieces in {time.time() - t0:.0f}s", file=sys.stderr)
    base = make_tokenizer(OURS)
    rows = {}
    for k, paths in val_paths.items():
        ids, _, bars = count(base, paths)
        rows[k] = {"files": len(paths), "bars": bars, "none": round(ids / max(1, bars), 2)}
    for v in a.vocab:
        tok = make_tokenizer(OURS)
        t = time.time()
        tok.train(vocab_size=v, model="BPE", files_paths=train_paths)
        print(f"trained BPE {v} on {len(train_paths)} pieces in {time.time() - t:.0f}s", file=sys.stderr)
        for k, paths in val_paths.items():
            ids, _, bars = count(tok, paths)
            rows[k][f"bpe{v}"] = round(ids / max(1, bars), 2)
    print(json.dumps({"train_pieces": len(train_paths), "tokens_per_bar": rows}))


if __name__ == "__main__":
    main()
