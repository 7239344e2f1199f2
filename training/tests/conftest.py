"""Shared fixtures: a handful of real MIDI files (plus a corrupt, an empty and a duplicate one), prepared once."""
import glob
import os
import shutil
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)
DATA = os.path.join(ROOT, "..", "shared", "data")


def _pick(corpus: str, split: str, n: int) -> list[str]:
    files = sorted(glob.glob(os.path.join(DATA, corpus, split, "*.mid")))
    if len(files) < n:
        pytest.skip(f"shared data not found under {DATA}")
    return files[:n]


@pytest.fixture(scope="session")
def midi_dirs(tmp_path_factory):
    from symusic import Score
    root = tmp_path_factory.mktemp("midi")
    layout = {("vg", "train"): _pick("vgmidi", "train", 4), ("vg", "val"): _pick("vgmidi", "val", 2),
              ("folk", "train"): _pick("nottingham", "train", 4), ("folk", "val"): _pick("nottingham", "val", 2)}
    for (corpus, split), files in layout.items():
        d = root / corpus / split
        d.mkdir(parents=True)
        for f in files:
            shutil.copy(f, d)
    train = root / "vg" / "train"
    shutil.copy(layout[("vg", "train")][0], train / "same_music_other_name.mid")   # a duplicate
    (train / "corrupt.mid").write_bytes(b"MThd\x00\x00\x00\x06garbage-not-a-midi")  # unreadable
    Score(480).dump_midi(str(train / "empty.mid"))                                 # no notes
    return root


@pytest.fixture(scope="session")
def prepared(midi_dirs, tmp_path_factory):
    from training.prepare import prepare
    out = tmp_path_factory.mktemp("data")
    meta = prepare(str(out), "ours", train=[str(midi_dirs / "vg" / "train"), str(midi_dirs / "folk" / "train")],
                   val=[str(midi_dirs / "vg" / "val"), str(midi_dirs / "folk" / "val")])
    return out, meta
