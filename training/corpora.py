"""prepare --corpora: the named corpora of ../shared/data -> token shards, on every core, with a report.

    python3 -m training prepare --corpora all                   # vgmusic vgmidi nottingham jazz
    nice python3 -m training prepare --corpora vgmusic --sample 0.025 --out training/out/data-sample

VGMusic is read member by member straight from its .tar.gz (never unpacked); the jazz corpus is generated
from the chord charts in the workers (training/jazz.py), so neither touches the disk. Each corpus keeps its
own split: the folder (train/val, by game or tune) or, for jazz, the title hash. A worker merges each
score to one pitched track (drums dropped, tokens.merge_tracks) and tokenizes it; the parent drops
duplicates (same token sequence; a val piece wins over its train copy) and writes the shards in the
format of prepare.py.
"""
from __future__ import annotations

import collections
import glob
import hashlib
import itertools
import json
import multiprocessing as mp
import os
import tarfile
import time

import numpy as np
from symusic import Score
from tqdm import tqdm

from .config import TOKENIZERS
from .errors import BadInput
from .prepare import DATA, EVAL_BARS, EVAL_MAX_NOTES, eval_windows, midi_files
from .data import bar_starts
from .tokens import encode, load_tokenizer, make_tokenizer, merge_tracks, vocab_groups

# name -> (how it is stored, where under the data folder)
CORPORA = {"vgmusic": ("tar", "vgmusic/vgmusic.tar.gz"), "vgmidi": ("folders", "vgmidi"),
           "nottingham": ("folders", "nottingham"), "jazz": ("charts", "jazz-standards")}
MIDI = (".mid", ".midi")
# --style: one MidiTok special token per corpus after each piece's BOS, so a preset can ask for a style.
# Special tokens sit at the front of MidiTok's vocabulary, so this is a new tokenizer (ids shift by 4),
# which src/tokenizer reads id for id from tokenizer.json (its special_tokens, in order).
STYLES = {"vgmusic": "game", "vgmidi": "piano", "nottingham": "folk", "jazz": "jazz"}


def tokenizer_config(tokenizer: str, style: bool) -> dict:
    cfg = dict(TOKENIZERS[tokenizer])
    if style:
        cfg["special_tokens"] = [*cfg["special_tokens"], *(f"Style_{s}" for s in dict.fromkeys(STYLES.values()))]
    return cfg


def sampled(key: str, sample: float) -> bool:
    """A hash-stable share of the files (the same ones on every run and machine)."""
    return sample >= 1 or int(hashlib.md5(key.encode()).hexdigest()[:8], 16) < sample * 2 ** 32


def jobs(name: str, data: str, sample: float = 1.0):
    """(split, key, kind, payload) per file of a corpus, in a stable order."""
    kind, where = CORPORA[name]
    path = os.path.join(data, where)
    if kind == "tar":
        if not os.path.isfile(path):
            raise BadInput(f"corpus {name}: archive not found: {path}")
        with tarfile.open(path, "r|gz") as tar:   # a stream: one pass, no random access, nothing unpacked
            for m in tar:
                parts = m.name.split("/")
                if m.isfile() and m.name.lower().endswith(MIDI) and len(parts) > 2 and sampled(m.name, sample):
                    split = "val" if parts[1] in ("val", "valid", "test") else "train"
                    yield split, m.name, "bytes", tar.extractfile(m).read()
    elif kind == "folders":
        for split in ("val", "train"):
            for f in midi_files(os.path.join(path, split)):
                key = os.path.relpath(f, path)
                if sampled(key, sample):
                    yield split, key, "path", f
    else:
        from .jazz import is_val
        from .jazz_charts import load_chart
        files = sorted(glob.glob(os.path.join(path, "*.json")))
        if not files:
            raise BadInput(f"corpus {name}: no .json chord charts in {path}")
        for f in files:
            if sampled(os.path.basename(f), sample):
                yield ("val" if is_val(load_chart(f).get("Title", f)) else "train"), os.path.basename(f), "chart", f


_TOK = None


def _init(tokenizer: dict | str):
    """A config dict, or the path of a trained (BPE) tokenizer.json."""
    global _TOK
    _TOK = load_tokenizer(tokenizer) if isinstance(tokenizer, str) else make_tokenizer(tokenizer)


def work(job):
    """One file -> (split, key, skip reason or None, ids as uint16, eval windows)."""
    split, key, kind, payload = job
    try:
        if kind == "chart":
            from .jazz import tune_score
            from .jazz_charts import load_chart
            score = tune_score(load_chart(payload))
        else:
            score = Score.from_midi(payload) if kind == "bytes" else Score(payload)
    except Exception as e:  # noqa: BLE001 - any parse failure of someone else's file is a skip, counted
        return split, key, f"unreadable ({type(e).__name__})", None, []
    score = merge_tracks(score)
    if score.note_num() == 0:
        return split, key, "no pitched notes", None, []
    try:
        ids = encode(_TOK, score)
    except Exception as e:  # noqa: BLE001
        return split, key, f"tokenizer error ({type(e).__name__})", None, []
    if not ids:
        return split, key, "no tokens", None, []
    windows = eval_windows(_TOK, score, _TOK.vocab["BOS_None"]) if split == "val" else []
    return split, key, None, np.asarray(ids, np.uint16), [np.asarray(w, np.uint16) for w in windows]


def results(pool, it, batch: int):
    """pool.imap in bounded batches: imap alone would read a whole archive into its queue at once."""
    while chunk := list(itertools.islice(it, batch)):
        yield from pool.imap(work, chunk, chunksize=4)


def tokenize_corpus(pool, workers: int, name: str, data: str, sample: float):
    """-> (stats, {split: [(key, ids)]}, eval windows) of one corpus."""
    st = {"files": 0, "skipped": collections.Counter(), "duplicates": 0}
    pieces, windows = {"train": [], "val": []}, []
    for split, key, why, ids, ws in tqdm(results(pool, jobs(name, data, sample), 64 * workers),
                                         desc=name, unit="file", mininterval=2, disable=None):
        st["files"] += 1
        if why:
            st["skipped"][why] += 1
            continue
        pieces[split].append((key, ids))
        windows += ws
    return st, pieces, windows


def dedupe(pieces: dict, seen: set) -> tuple[dict, int]:
    """Drop repeated token sequences, val first (so a piece in both splits stays in val)."""
    kept, dups = {}, 0
    for split in ("val", "train"):
        kept[split] = []
        for key, ids in pieces[split]:
            h = hashlib.sha1(ids.tobytes()).hexdigest()
            if h in seen:
                dups += 1
            else:
                seen.add(h)
                kept[split].append(ids)
    return kept, dups


def write(path: str, arrays: list[np.ndarray]) -> int:
    arr = np.concatenate(arrays) if arrays else np.zeros(0, np.uint16)
    arr.tofile(path + ".tmp")
    os.replace(path + ".tmp", path)
    return int(arr.size)


def prepare_corpora(out: str, tokenizer: str = "ours", names: list[str] | None = None, data: str = DATA,
                    sample: float | dict = 1.0, workers: int | None = None, style: bool = False, bpe: str | None = None) -> dict:
    """sample: one share for every corpus, or {corpus: share} (1 where absent).
    bpe: a trained tokenizer.json (`python3 -m training bpe`): the shards hold its ids."""
    t0 = time.time()
    names = names or list(CORPORA)
    bad = [n for n in names if n not in CORPORA]
    if bad:
        raise BadInput(f"--corpora: unknown corpus {bad[0]!r} (known: {', '.join(CORPORA)}, all)")
    shares = {n: sample.get(n, 1.0) for n in names} if isinstance(sample, dict) else dict.fromkeys(names, sample)
    for v in shares.values():
        if not 0 < v <= 1:
            raise BadInput(f"--sample must be in (0, 1], got {v}")
    cfg = tokenizer_config(tokenizer, style)
    tok = make_tokenizer(cfg)
    if bpe:
        if style:
            raise BadInput("--style with --bpe: train the BPE tokenizer with the style tokens first (not supported yet)")
        from .bpe import check_bpe
        tok = check_bpe(bpe, cfg)
    g = vocab_groups(tok)
    if style:
        g["style_ids"] = {s: tok.vocab[f"Style_{s}"] for s in STYLES.values()}
    bos, eos = (np.asarray([g[k]], np.uint16) for k in ("bos_id", "eos_id"))
    os.makedirs(out, exist_ok=True)
    meta = {"tokenizer": tokenizer + ("+style" if style else "") + (f"+bpe{len(tok)}" if bpe else ""),
            "tokenizer_config": {k: (str(v) if k == "beat_res" else v) for k, v in cfg.items()},
            "groups": g, "eval_bars": EVAL_BARS, "eval_max_notes": EVAL_MAX_NOTES, "splits": {}, "eval": {},
            "corpora": {}, "sources": {"corpora": names, "data": data, "sample": sample}}
    seen, shards = set(), {"train": [], "val": []}
    workers = workers or os.cpu_count() or 1
    counts = {"train": 0, "val": 0}
    with mp.get_context("fork").Pool(workers, _init, (bpe or cfg,)) as pool:
        for name in names:
            st, pieces, windows = tokenize_corpus(pool, workers, name, data, shares[name])
            head = [bos, np.asarray([g["style_ids"][STYLES[name]]], np.uint16)] if style else [bos]
            windows = [np.concatenate([*head, w[1:]]) for w in windows]  # each window: BOS [Style] tokens
            kept, st["duplicates"] = dedupe(pieces, seen)
            for split, ps in kept.items():
                bars = int(sum(len(bar_starts(p, g)) for p in ps))
                st[split] = {"pieces": len(ps), "tokens": int(sum(p.size for p in ps)), "bars": bars}
                shards[split] += [a for p in ps for a in (*head, p, eos)]
                counts[split] += len(ps)
            if windows:
                n = write(os.path.join(out, f"val_{name}.bin"), windows)
                meta["eval"][name] = {"file": f"val_{name}.bin", "windows": len(windows), "tokens": n}
            st["skipped"] = dict(st["skipped"])
            meta["corpora"][name] = st
            report(name, st, len(windows))
    if not shards["train"]:
        raise BadInput("no usable music in the training splits (all unreadable, empty or duplicates)")
    for split, arrays in shards.items():
        n = write(os.path.join(out, f"{split}.bin"), arrays)
        meta["splits"][split] = {"pieces": counts[split], "tokens": n,
                                 "bars": sum(c[split]["bars"] for c in meta["corpora"].values())}
    tok.save(os.path.join(out, "tokenizer.json"))
    meta["stats"] = {"files": sum(c["files"] for c in meta["corpora"].values()),
                     "skipped": sum(sum(c["skipped"].values()) for c in meta["corpora"].values()),
                     "skipped_duplicates": sum(c["duplicates"] for c in meta["corpora"].values())}
    meta["seconds"] = round(time.time() - t0, 1)
    with open(os.path.join(out, "meta.json.tmp"), "w") as f:
        json.dump(meta, f, indent=1)
    os.replace(os.path.join(out, "meta.json.tmp"), os.path.join(out, "meta.json"))
    tr, va = meta["splits"]["train"], meta["splits"]["val"]
    print(f"prepare: {meta['tokenizer']} -> {out}: train {tr['pieces']} pieces {tr['tokens']:,} tokens, val {va['pieces']} "
          f"pieces {va['tokens']:,} tokens, {meta['stats']['files']} files in {meta['seconds']}s on {workers} workers")
    return meta


def report(name: str, st: dict, windows: int):
    tokens = st["train"]["tokens"] + st["val"]["tokens"]
    bars = st["train"]["bars"] + st["val"]["bars"]
    why = ", ".join(f"{n} {k}" for k, n in sorted(st["skipped"].items(), key=lambda kv: -kv[1])) or "none"
    print(f"  {name}: read {st['files']} files, skipped {sum(st['skipped'].values())} ({why}), "
          f"{st['duplicates']} duplicates; train {st['train']['pieces']} pieces {st['train']['tokens']:,} tokens, "
          f"val {st['val']['pieces']} pieces {st['val']['tokens']:,} tokens, {tokens / max(bars, 1):.1f} tokens/bar; "
          f"{windows} eval windows", flush=True)
