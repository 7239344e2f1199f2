"""bpe: train a MidiTok BPE tokenizer on the training splits of the named corpora (issue 14 item 2).

    nice python3 -m training bpe --vocab 4000 --corpora vgmidi nottingham vgmusic --sample vgmusic=0.0235 \
        --out training/out/bpe4000.json
    nice python3 -m training prepare --corpora vgmidi nottingham vgmusic --bpe training/out/bpe4000.json \
        --out training/out/data-bpe4000          # shards of BPE ids, for train / gpu_train.sh as any others

The base is the shipped REMI config ("ours"); MidiTok's default per-bar splitting (encode_ids_split "bar"), so
no merged id crosses a bar line and every bar opens with an id whose first base token is its Bar. Only training
splits are read (validation pieces never shape the merges); each piece is merged to one pitched track as
prepare does, and written to a temporary folder for MidiTok's trainer, removed afterwards.
"""
from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time

from symusic import Score
from tqdm import tqdm

from .errors import BadInput
from .tokens import load_tokenizer, make_tokenizer, merge_tracks


def check_bpe(path: str, base_cfg: dict):
    """The trained tokenizer at `path`, refused in one line unless it is BPE on the given base config."""
    tok = load_tokenizer(path)
    if not tok.is_trained:
        raise BadInput(f"--bpe {path}: this tokenizer is not trained (make one with python3 -m training bpe)")
    if tok.config != make_tokenizer(base_cfg).config:
        raise BadInput(f"--bpe {path}: its base config is not the tokenizer's this prepare uses")
    return tok


def parse_samples(items: list[str] | None) -> tuple[float, dict[str, float]]:
    """['0.5', 'vgmusic=0.02'] -> (0.5 for every corpus, {'vgmusic': 0.02})."""
    default, per = 1.0, {}
    for it in items or []:
        name, _, share = it.rpartition("=")
        try:
            v = float(share)
        except ValueError:
            raise BadInput(f"--sample: {it!r} is not a share or name=share")
        if not 0 < v <= 1:
            raise BadInput(f"--sample must be in (0, 1], got {it!r}")
        if name:
            per[name] = v
        else:
            default = v
    return default, per


def training_scores(names: list[str], data: str, samples: dict[str, float], default: float = 1.0):
    """Merged training scores of the corpora (the same files prepare --corpora reads for train)."""
    from .corpora import CORPORA, jobs
    bad = [n for n in names if n not in CORPORA]
    if bad:
        raise BadInput(f"--corpora: unknown corpus {bad[0]!r} (known: {', '.join(CORPORA)})")
    for name in names:
        for split, key, kind, payload in jobs(name, data, samples.get(name, default)):
            if split != "train":
                continue
            try:
                if kind == "chart":
                    from .jazz import tune_score
                    from .jazz_charts import load_chart
                    score = tune_score(load_chart(payload))
                else:
                    score = Score.from_midi(payload) if kind == "bytes" else Score(payload)
            except Exception:  # noqa: BLE001 - unreadable files are skipped by prepare too
                continue
            score = merge_tracks(score)
            if score.note_num():
                yield name, score


def train_bpe(vocab: int, scores, base="ours", out: str | None = None) -> tuple:
    """-> (trained tokenizer, pieces used). `scores`: merged Scores."""
    tok = make_tokenizer(base)
    if vocab <= len(tok):
        raise BadInput(f"--vocab {vocab} must exceed the base vocabulary ({len(tok)} ids)")
    tmp = tempfile.mkdtemp(prefix="seedloop-bpe-")
    try:
        paths = []
        for s in tqdm(scores, desc="bpe pieces", unit="piece", mininterval=2, disable=None, leave=False):
            p = os.path.join(tmp, f"{len(paths):06d}.mid")
            try:
                s.dump_midi(p)
            except Exception:  # noqa: BLE001
                continue
            paths.append(p)
        if not paths:
            raise BadInput("no training pieces to learn BPE merges from")
        tok.train(vocab_size=vocab, model="BPE", files_paths=paths)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if out:
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        tok.save(out + ".tmp.json")
        os.replace(out + ".tmp.json", out)
    return tok, len(paths)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m training bpe", description=__doc__.split("\n")[0])
    ap.add_argument("--vocab", type=int, required=True, help="learned vocabulary size (e.g. 1000, 4000)")
    ap.add_argument("--corpora", nargs="+", default=["vgmidi", "nottingham"], help="corpora whose training splits "
                    "teach the merges (training/corpora.py names)")
    ap.add_argument("--sample", nargs="*", help="hash-stable share: one number for every corpus, or name=share")
    ap.add_argument("--out", required=True, help="tokenizer.json to write")
    ap.add_argument("--data", default=os.environ.get("SEEDLOOP_DATA", "../shared/data"))
    a = ap.parse_args(argv)
    default, per = parse_samples(a.sample)
    t0 = time.time()
    tok, n = train_bpe(a.vocab, (s for _, s in training_scores(a.corpora, a.data, per, default)), out=a.out)
    print(f"bpe: {len(tok)} ids learned from {n} training pieces of {', '.join(a.corpora)} in {time.time() - t0:.0f}s "
          f"-> {a.out}")
