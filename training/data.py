"""Token shards on disk -> training batches. Needs only numpy/torch (no miditok): runs on the GPU machine.

A shard is a flat uint16 array of pieces, each `BOS tokens... EOS`. Training windows start on a Bar token
and get a BOS prefix. Augmentation happens here, per window, on the training side only:
transposition by -5..+5 semitones (only shifts that keep every pitch of the window in range) and
velocity by -1/0/+1 bin.
"""
from __future__ import annotations

import json
import os

import numpy as np
import torch


def read_meta(data_dir: str) -> dict:
    path = os.path.join(data_dir, "meta.json")
    if not os.path.exists(path):
        from .errors import BadInput
        raise BadInput(f"no meta.json in {data_dir}: run `python3 -m training prepare` first")
    with open(path) as f:
        return json.load(f)


def read_shard(data_dir: str, name: str) -> np.ndarray:
    return np.fromfile(os.path.join(data_dir, name), dtype=np.uint16)


def read_corpora(data_dirs: str) -> tuple[dict, str, np.ndarray, np.ndarray]:
    """data_dirs: one prepared folder or several joined by commas (e.g. one per corpus), all of one tokenizer.
    -> (meta of the first, its tokenizer.json text, all train.bin, all val.bin)."""
    dirs = [d for d in data_dirs.split(",") if d]
    meta = read_meta(dirs[0])
    path = os.path.join(dirs[0], "tokenizer.json")
    if not os.path.exists(path):
        from .errors import BadInput
        raise BadInput(f"tokenizer file not found: {path}")
    with open(path) as f:
        tokenizer_json = f.read()
    for d in dirs[1:]:
        read_meta(d)
        check_same_tokenizer(tokenizer_json, d, f"the data in {dirs[0]}")
    train = np.concatenate([read_shard(d, "train.bin") for d in dirs])
    val = np.concatenate([read_shard(d, "val.bin") for d in dirs])
    return meta, tokenizer_json, train, val


def bar_ids(groups: dict) -> list[int]:
    """Ids that open a bar: the Bar token, or with a BPE tokenizer every learned id that starts with one."""
    return groups.get("bar_ids") or [groups["bar_id"]]


def bar_starts(tokens: np.ndarray, groups: dict) -> np.ndarray:
    return np.flatnonzero(np.isin(tokens, bar_ids(groups)))


class Augmenter:
    """Token-level transposition and velocity shifts, driven by the vocab groups in meta.json."""

    def __init__(self, groups: dict, max_shift: int = 5):
        n = groups["vocab_size"]
        self.pitch_of = np.full(n, -1, np.int64)           # id -> MIDI pitch (or -1)
        self.pitch_id = {int(p): i for p, i in groups["pitch_ids"].items()}
        for p, i in self.pitch_id.items():
            self.pitch_of[i] = p
        self.lo, self.hi = min(self.pitch_id), max(self.pitch_id)
        self.id_by_pitch = np.zeros(self.hi + 1, np.int64)
        for p, i in self.pitch_id.items():
            self.id_by_pitch[p] = i
        vel = groups["velocity_ids"]
        self.vel_bin = np.full(n, -1, np.int64)              # id -> velocity bin (or -1)
        self.vel_bin[vel] = np.arange(len(vel))
        self.vel_ids = np.asarray(vel, np.int64)
        self.max_shift = max_shift

    def __call__(self, w: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        w = w.astype(np.int64, copy=True)
        p = self.pitch_of[w]
        is_p = p >= 0
        if is_p.any():
            lo = max(-self.max_shift, self.lo - int(p[is_p].min()))
            hi = min(self.max_shift, self.hi - int(p[is_p].max()))
            if hi >= lo:
                k = int(rng.integers(lo, hi + 1))
                w[is_p] = self.id_by_pitch[p[is_p] + k]
        b = self.vel_bin[w]
        is_v = b >= 0
        if is_v.any():
            d = int(rng.integers(-1, 2))
            w[is_v] = self.vel_ids[np.clip(b[is_v] + d, 0, len(self.vel_ids) - 1)]
        return w


class WindowSampler:
    """Random bar-aligned windows: x = [BOS (Style)] + tokens from a bar, y = x shifted by one (PAD -> ignored)."""

    def __init__(self, tokens: np.ndarray, meta: dict, context: int, augment: bool, seed: int):
        g = meta["groups"]
        self.tokens, self.L = tokens, context
        self.bos, self.pad = g["bos_id"], g["pad_id"]
        self.starts = bar_starts(tokens, g)
        if len(self.starts) == 0:
            from .errors import BadInput
            raise BadInput("the token shard has no Bar tokens: nothing to train on")
        # A BPE id merges pitches with positions and durations, so a transposed id may not exist: no token-level
        # augmentation for BPE shards (transpose the MIDI before prepare instead).
        self.aug = Augmenter(g) if augment and not g.get("bpe") else None
        self.rng = np.random.default_rng(seed)
        # Shards prepared with --style hold `BOS Style_x` at each piece's start. Generation puts [BOS, Style_x]
        # in front of every window it feeds (src/model/window.ts), so each training window gets its piece's too.
        self.style_of = None
        if g.get("style_ids"):
            piece_starts = np.flatnonzero(tokens == self.bos)
            styles = set(g["style_ids"].values())
            first = tokens[np.minimum(piece_starts + 1, len(tokens) - 1)]
            piece = np.searchsorted(piece_starts, self.starts, side="right") - 1
            self.style_of = {int(s): int(first[p]) for s, p in zip(self.starts, piece) if p >= 0 and int(first[p]) in styles}

    def head(self, start: int) -> list[int]:
        style = self.style_of.get(start) if self.style_of is not None else None
        return [self.bos] if style is None else [self.bos, style]

    def window(self, start: int, rng: np.random.Generator | None = None) -> np.ndarray:
        head = self.head(start)
        n = len(head)
        body = self.tokens[start:start + self.L + 1 - n]  # the head + body are L+1 long: x and y both L long
        w = np.full(self.L + 1, self.pad, np.int64)
        w[:n] = head
        w[n:n + len(body)] = body
        if self.aug is not None and rng is not None:
            w[n:n + len(body)] = self.aug(w[n:n + len(body)], rng)
        return w

    def batch(self, batch_size: int, device: str = "cpu", rank: int = 0, world: int = 1):
        """Rank `rank`'s share of one global batch. Every rank draws the same global picks (same seed) and
        builds only its slice, so `world` processes train on exactly the windows one process would."""
        picks = self.rng.choice(self.starts, size=batch_size)
        seeds = self.rng.integers(0, 2**63, size=batch_size)  # one augmentation stream per window
        share = batch_size // world
        mine = slice(rank * share, (rank + 1) * share)
        ws = np.stack([self.window(int(s), np.random.default_rng(int(k))) for s, k in zip(picks[mine], seeds[mine])])
        return to_xy(ws, self.pad, device)

    def fixed_batches(self, n_batches: int, batch_size: int, device: str = "cpu"):
        """Deterministic, evenly spread windows (no augmentation) for validation."""
        idx = np.linspace(0, len(self.starts) - 1, n_batches * batch_size).astype(int)
        ws = np.stack([self.window(int(self.starts[i])) for i in idx])
        return [to_xy(ws[i:i + batch_size], self.pad, device) for i in range(0, len(ws), batch_size)]


def to_xy(ws: np.ndarray, pad: int, device: str):
    t = torch.from_numpy(ws)
    x, y = t[:, :-1].clone(), t[:, 1:].clone()
    y[y == pad] = -100
    return x.to(device, non_blocking=True), y.to(device, non_blocking=True)


def split_windows(tokens: np.ndarray, bos: int) -> list[np.ndarray]:
    """An eval shard is windows each starting with BOS: split it back into windows."""
    cuts = np.flatnonzero(tokens == bos)
    return [tokens[a:b] for a, b in zip(cuts, list(cuts[1:]) + [len(tokens)])]


def check_same_tokenizer(tokenizer_json: str, data_dir: str, what: str) -> None:
    """A model scored or checked on shards of another tokenizer gives meaningless numbers: refuse with one line."""
    path = os.path.join(data_dir, "tokenizer.json")
    if not os.path.exists(path):
        from .errors import BadInput
        raise BadInput(f"tokenizer file not found: {path}")
    with open(path) as f:
        theirs = json.load(f)
    ours = json.loads(tokenizer_json)
    # the config alone does not tell a BPE tokenizer from its base: its learned model ("_model") must match too
    if (ours.get("config"), ours.get("_model")) != (theirs.get("config"), theirs.get("_model")):
        from .errors import BadInput
        raise BadInput(f"{what} was trained with another tokenizer than {path} (pass the matching --data-dir)")
