"""Shared fixtures: small MIDI files the tests write themselves (two corpora, each with a train and a val
split, plus a corrupt, an empty and a duplicate file), prepared once. No shared data needed."""
import os
import sys

import numpy as np
import pytest


def pytest_configure(config):
    # `npm test` leaves these out to stay within its ~5 minutes; CI runs them (`npm run test:slow`).
    config.addinivalue_line("markers", "slow: an end-to-end run of a minute or more (CI only)")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

MAJOR = (0, 2, 4, 5, 7, 9, 11)


def make_piece(seed: int, bars: int, meter=(4, 4), drums: bool = False, tpq: int = 480):
    """A seeded random tune in a major key: a stepwise melody in 8ths and quarters, a bass note per bar,
    three-note chords on the bar's first beat, drums (dropped by prepare) when asked."""
    from symusic import Note, Score, Tempo, TimeSignature, Track
    rng = np.random.default_rng(seed)
    s = Score(tpq)
    s.tempos.append(Tempo(0, float(rng.integers(80, 160))))
    s.time_signatures.append(TimeSignature(0, *meter))
    bar = tpq * 4 * meter[0] // meter[1]
    key = int(rng.integers(0, 12))
    scale = [48 + key + 12 * o + d for o in range(3) for d in MAJOR]
    melody, bass, drum = Track("melody", 0, False), Track("bass", 33, False), Track("drums", 0, True)
    k = len(scale) // 2
    for b in range(bars):
        t0, t = b * bar, b * bar
        while t < t0 + bar:
            dur = int(rng.choice([tpq // 2, tpq]))
            k = int(np.clip(k + rng.integers(-2, 3), 7, len(scale) - 1))
            melody.notes.append(Note(t, dur, scale[k], int(rng.integers(60, 110))))
            t += dur
        root = int(rng.integers(0, 7))
        bass.notes.append(Note(t0, bar // 2, scale[root] - 12, 90))
        for step in (0, 2, 4):
            melody.notes.append(Note(t0, tpq, scale[root + step], 70))
        if drums:
            for beat in range(meter[0]):
                drum.notes.append(Note(t0 + beat * tpq, tpq // 4, 36 if beat % 2 == 0 else 38, 100))
    s.tracks.extend([melody, bass] + ([drum] if drums else []))
    return s


@pytest.fixture(scope="session")
def midi_dirs(tmp_path_factory):
    from symusic import Score
    root = tmp_path_factory.mktemp("midi")
    # "vg": multi-track with drums in 4/4; "folk": in 3/4 and 6/8. Val pieces are long enough for two 8-bar windows.
    layout = {("vg", "train"): 4, ("vg", "val"): 2, ("folk", "train"): 4, ("folk", "val"): 2}
    seed = 0
    for (corpus, split), n in layout.items():
        d = root / corpus / split
        d.mkdir(parents=True)
        for i in range(n):
            seed += 1
            meter = (4, 4) if corpus == "vg" else ((3, 4), (6, 8))[i % 2]
            bars = 24 if split == "val" else 16
            make_piece(seed, bars, meter, drums=corpus == "vg").dump_midi(str(d / f"{corpus}_{split}_{i}.mid"))
    train = root / "vg" / "train"
    (train / "same_music_other_name.mid").write_bytes((train / "vg_train_0.mid").read_bytes())  # a duplicate
    (train / "corrupt.mid").write_bytes(b"MThd\x00\x00\x00\x06garbage-not-a-midi")                # unreadable
    Score(480).dump_midi(str(train / "empty.mid"))                                                 # no notes
    return root


@pytest.fixture(scope="session")
def prepared(midi_dirs, tmp_path_factory):
    from training.prepare import prepare
    out = tmp_path_factory.mktemp("data")
    meta = prepare(str(out), "ours", train=[str(midi_dirs / "vg" / "train"), str(midi_dirs / "folk" / "train")],
                   val=[str(midi_dirs / "vg" / "val"), str(midi_dirs / "folk" / "val")])
    return out, meta
