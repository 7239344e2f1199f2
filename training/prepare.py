"""prepare: MIDI folders -> REMI token shards + tokenizer.json + meta.json.

    python3 -m training prepare                       # the default corpora, our tokenizer -> training/out/data-ours
    python3 -m training prepare --tokenizer baseline  # the write-up's REMI config -> training/out/data-baseline
    python3 -m training prepare --midi ~/my-midi --out training/out/data-mine   # your own folder (5% held out)

Shards are uint16: train.bin / val.bin hold whole pieces as `BOS tokens EOS`; val_<corpus>.bin hold the
8-bar evaluation windows (`BOS tokens` each) of each validation folder, cut on the score (same music for
every tokenizer). No augmentation here: the training sampler transposes on the fly (data.py).
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import time

import numpy as np
from tqdm import tqdm

from .config import TOKENIZERS
from .tokens import BadInput, encode, make_tokenizer, read_score, vocab_groups

DATA = os.environ.get("SEEDLOOP_DATA", "../shared/data")  # the corpora, found relative to the repo
DEFAULT_TRAIN = [f"{DATA}/vgmidi/train", f"{DATA}/nottingham/train"]
DEFAULT_VAL = [f"{DATA}/vgmidi/val", f"{DATA}/nottingham/val"]
EVAL_BARS = 8            # evaluation window length in bars
EVAL_MAX_NOTES = 250     # skip denser eval windows so every tokenizer fits them in a 1024-token context


def midi_files(folder: str) -> list[str]:
    if not os.path.isdir(folder):
        raise BadInput(f"MIDI folder not found: {folder}")
    files = sorted(f for f in glob.glob(os.path.join(folder, "**", "*"), recursive=True)
                   if f.lower().endswith((".mid", ".midi")))
    if not files:
        raise BadInput(f"no .mid/.midi files in {folder}")
    return files


def corpus_name(folder: str) -> str:
    """vgmidi/val -> vgmidi; a folder without a train/val leaf -> its own name."""
    parts = os.path.normpath(folder).split(os.sep)
    return parts[-2] if parts[-1] in ("train", "val", "valid", "test") and len(parts) > 1 else parts[-1]


def eval_windows(tok, score, bos: int) -> list[list[int]]:
    """Consecutive non-overlapping EVAL_BARS-bar windows of a merged score, each tokenized alone."""
    from miditok.utils import get_bars_ticks
    bars = get_bars_ticks(score)
    out = []
    for i in range(0, len(bars) - EVAL_BARS, EVAL_BARS):
        w = score.clip(bars[i], bars[i + EVAL_BARS], clip_end=False).shift_time(-bars[i])
        if 0 < w.note_num() <= EVAL_MAX_NOTES:
            ids = encode(tok, w)
            if ids:
                out.append([bos, *ids])
    return out


def tokenize_folder(tok, files: list[str], desc: str, stats: dict, seen: set, eval_bos: int | None = None):
    """-> (list of piece id lists, list of eval windows). Unreadable/empty files and duplicates are counted."""
    pieces, windows = [], []
    for f in tqdm(files, desc=desc, unit="file", leave=False, mininterval=2, disable=None):
        score = read_score(f)
        if score is None:
            stats["skipped_unreadable_or_empty"] += 1
            continue
        ids = encode(tok, score)
        if not ids:
            stats["skipped_unreadable_or_empty"] += 1
            continue
        h = hashlib.sha1(np.asarray(ids, np.uint16).tobytes()).hexdigest()
        if h in seen:
            stats["skipped_duplicates"] += 1
            continue
        seen.add(h)
        pieces.append(ids)
        if eval_bos is not None:
            windows += eval_windows(tok, score, eval_bos)
    return pieces, windows


def write_shard(path: str, seqs: list[list[int]]) -> int:
    arr = np.fromiter((t for s in seqs for t in s), dtype=np.uint16)
    arr.tofile(path)
    return int(arr.size)


def prepare(out: str, tokenizer: str = "ours", train: list[str] | None = None, val: list[str] | None = None,
            midi: str | None = None, val_fraction: float = 0.05, bpe: str | None = None) -> dict:
    t0 = time.time()
    tok = make_tokenizer(tokenizer)
    if bpe:
        from .bpe import check_bpe
        tok = check_bpe(bpe, TOKENIZERS[tokenizer])
    g = vocab_groups(tok)
    if midi:  # one folder of your own: a stable hash split (same file -> same side on every run)
        files = midi_files(midi)
        is_val = [int(hashlib.md5(os.path.relpath(f, midi).encode()).hexdigest(), 16) % 1000 < val_fraction * 1000
                  for f in files]
        if not any(is_val) and len(files) > 1:
            is_val[-1] = True
        splits = {"train": {corpus_name(midi): [f for f, v in zip(files, is_val) if not v]},
                  "val": {corpus_name(midi): [f for f, v in zip(files, is_val) if v]}}
    else:
        train, val = train or DEFAULT_TRAIN, val or DEFAULT_VAL
        splits = {"train": {corpus_name(d) + ":" + d: midi_files(d) for d in train},
                  "val": {corpus_name(d) + ":" + d: midi_files(d) for d in val}}
    stats = {"files": 0, "skipped_unreadable_or_empty": 0, "skipped_duplicates": 0}
    os.makedirs(out, exist_ok=True)
    seen: set = set()
    meta = {"tokenizer": tokenizer + (f"+bpe{len(tok)}" if bpe else ""), "tokenizer_config": {k: (str(v) if k == "beat_res" else v)
                                                        for k, v in TOKENIZERS[tokenizer].items()},
            "groups": g, "eval_bars": EVAL_BARS, "eval_max_notes": EVAL_MAX_NOTES, "splits": {}, "eval": {}}
    # val first, so a piece in both splits stays in val (its train copy counts as a duplicate)
    val_pieces, evals = [], {}
    for key, files in splits["val"].items():
        stats["files"] += len(files)
        name = key.split(":")[0]
        pieces, windows = tokenize_folder(tok, files, f"val {name}", stats, seen, eval_bos=g["bos_id"])
        val_pieces += pieces
        evals.setdefault(name, []).extend(windows)
    train_pieces = []
    for key, files in splits["train"].items():
        stats["files"] += len(files)
        pieces, _ = tokenize_folder(tok, files, f"train {key.split(':')[0]}", stats, seen)
        train_pieces += pieces
    if not train_pieces:
        raise BadInput("no usable MIDI in the training folders (all unreadable, empty or duplicates)")
    bar_set = set(g.get("bar_ids") or [g["bar_id"]])
    wrap = lambda ps: [[g["bos_id"], *p, g["eos_id"]] for p in ps]
    for split, ps in (("train", train_pieces), ("val", val_pieces)):
        n = write_shard(os.path.join(out, f"{split}.bin"), wrap(ps))
        bars = sum(sum(1 for t in p if t in bar_set) for p in ps)
        meta["splits"][split] = {"pieces": len(ps), "tokens": n, "bars": bars}
    for name, ws in evals.items():
        n = write_shard(os.path.join(out, f"val_{name}.bin"), ws)
        meta["eval"][name] = {"file": f"val_{name}.bin", "windows": len(ws), "tokens": n}
    tok.save(os.path.join(out, "tokenizer.json"))
    meta["stats"] = stats
    meta["sources"] = {s: [k.split(":", 1)[-1] for k in d] for s, d in splits.items()} if not midi else {"midi": midi}
    meta["seconds"] = round(time.time() - t0, 1)
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    tr = meta["splits"]["train"]
    evals_txt = ", ".join(f"{k} {v['windows']}" for k, v in meta["eval"].items())
    print(f"prepare: {tokenizer} -> {out}: train {tr['pieces']} pieces {tr['tokens']:,} tokens "
          f"({tr['tokens'] / max(tr['bars'], 1):.1f}/bar), val {meta['splits']['val']['tokens']:,} tokens, "
          f"eval windows {evals_txt}; "
          f"skipped {stats['skipped_unreadable_or_empty']} unreadable/empty, {stats['skipped_duplicates']} duplicates "
          f"of {stats['files']} files in {meta['seconds']}s")
    return meta


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m training prepare", description=__doc__.split("\n")[0])
    ap.add_argument("--tokenizer", choices=sorted(TOKENIZERS), default="ours", help="tokenizer config")
    ap.add_argument("--out", help="output folder (default training/out/data-<tokenizer>)")
    ap.add_argument("--train", nargs="+", help=f"training MIDI folders (default {' '.join(DEFAULT_TRAIN)})")
    ap.add_argument("--val", nargs="+", help=f"validation MIDI folders (default {' '.join(DEFAULT_VAL)})")
    ap.add_argument("--midi", help="one folder of your own MIDI files instead (a hash-stable 5%% goes to val)")
    ap.add_argument("--val-fraction", type=float, default=0.05, help="held-out share with --midi")
    ap.add_argument("--corpora", nargs="+", help="named corpora of the data folder instead: vgmusic vgmidi "
                    "nottingham jazz, or all (training/corpora.py)")
    ap.add_argument("--sample", nargs="+", help="with --corpora: a hash-stable share of each corpus (e.g. 0.1), "
                    "or per corpus (vgmusic=0.02; the others whole)")
    ap.add_argument("--workers", type=int, help="with --corpora: worker processes (default: every core)")
    ap.add_argument("--style", action="store_true", help="with --corpora: a style token per corpus after BOS")
    ap.add_argument("--bpe", help="a trained BPE tokenizer.json (python3 -m training bpe) to encode with")
    a = ap.parse_args(argv)
    if a.corpora:
        from .corpora import CORPORA, prepare_corpora
        from .bpe import parse_samples
        names = list(CORPORA) if a.corpora == ["all"] else a.corpora
        default, per = parse_samples(a.sample)
        shares = {n: per.get(n, default) for n in names}
        return prepare_corpora(a.out or f"training/out/data-{a.tokenizer}", a.tokenizer, names, DATA, shares, a.workers,
                               a.style, a.bpe)
    prepare(a.out or f"training/out/data-{a.tokenizer}", a.tokenizer, a.train, a.val, a.midi, a.val_fraction, a.bpe)
