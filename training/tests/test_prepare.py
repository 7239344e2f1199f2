import json

import numpy as np

from training.data import Augmenter, WindowSampler, read_shard, split_windows
from training.tokens import load_tokenizer, merge_tracks


def test_shards_hold_pieces_between_bos_and_eos(prepared):
    out, meta = prepared
    g = meta["groups"]
    train = read_shard(str(out), "train.bin")
    assert train.dtype == np.uint16 and train[0] == g["bos_id"] and train[-1] == g["eos_id"]
    eos = np.flatnonzero(train == g["eos_id"])
    assert len(eos) == meta["splits"]["train"]["pieces"] == 8
    assert all(train[i + 1] == g["bos_id"] for i in eos[:-1])          # EOS then BOS between pieces
    assert all(train[i + 1] == g["bar_id"] for i in np.flatnonzero(train == g["bos_id"]))  # pieces start on a bar
    assert meta["splits"]["train"]["tokens"] == len(train)


def test_bad_and_duplicate_files_are_counted_not_fatal(prepared):
    _, meta = prepared
    assert meta["stats"]["skipped_unreadable_or_empty"] == 2   # corrupt.mid + empty.mid
    assert meta["stats"]["skipped_duplicates"] == 1            # same music under another name
    assert meta["stats"]["files"] == 15


def test_eval_windows_are_eight_bars_per_corpus(prepared):
    out, meta = prepared
    g = meta["groups"]
    assert set(meta["eval"]) == {"vg", "folk"}
    for name, e in meta["eval"].items():
        ws = split_windows(read_shard(str(out), e["file"]), g["bos_id"])
        assert len(ws) == e["windows"] > 0
        for w in ws:
            assert w[0] == g["bos_id"] and w[1] == g["bar_id"]
            # a few VGMIDI files mix time signatures in ways MidiTok counts one bar off from get_bars_ticks
            assert abs(int((w == g["bar_id"]).sum()) - meta["eval_bars"]) <= 1


def test_tokenizer_json_round_trips_the_shipped_config(prepared):
    out, _ = prepared
    tok = load_tokenizer(str(out / "tokenizer.json"))
    assert len(tok) == 352 and tok.vocab["Bar_None"] == 3 and tok.vocab["BOS_None"] == 1
    cfg = json.load(open(out / "tokenizer.json"))["config"]
    assert cfg["use_rests"] is False and cfg["use_tempos"] is False and cfg["use_time_signatures"] is True


def test_merge_drops_drums_and_sorts_by_start_then_pitch():
    from symusic import Note, Score, Track
    s = Score(480)
    a, b, d = Track("a", 5, False), Track("b", 33, False), Track("d", 0, True)
    a.notes.extend([Note(480, 10, 64, 90), Note(0, 10, 72, 90)])
    b.notes.extend([Note(0, 10, 40, 80), Note(480, 10, 50, 80)])
    d.notes.append(Note(0, 10, 36, 100))
    s.tracks.extend([a, b, d])
    m = merge_tracks(s)
    assert len(m.tracks) == 1 and m.tracks[0].program == 0 and not m.tracks[0].is_drum
    assert [(n.time, n.pitch) for n in m.tracks[0].notes] == [(0, 40), (0, 72), (480, 50), (480, 64)]


def test_augmentation_shifts_all_pitches_alike_and_stays_in_range(prepared):
    out, meta = prepared
    g = meta["groups"]
    aug, rng = Augmenter(g), np.random.default_rng(0)
    s = WindowSampler(read_shard(str(out), "train.bin"), meta, 256, True, 0)
    w = s.window(int(s.starts[3]))[1:]
    pitch_ids = {int(v): int(k) for k, v in g["pitch_ids"].items()}
    vel = g["velocity_ids"]
    shifts = set()
    for _ in range(40):
        a = aug(w, rng)
        other = [(x, y) for x, y in zip(w, a) if int(x) not in pitch_ids and int(x) not in vel]
        assert all(x == y for x, y in other)                               # only pitch/velocity tokens change
        d = {pitch_ids[int(y)] - pitch_ids[int(x)] for x, y in zip(w, a) if int(x) in pitch_ids}
        assert not d or (len(d) == 1 and abs(next(iter(d))) <= 5)          # one transposition for the window
        assert all(int(y) in pitch_ids for x, y in zip(w, a) if int(x) in pitch_ids)
        dv = {vel.index(int(y)) - vel.index(int(x)) for x, y in zip(w, a) if int(x) in vel}
        assert dv <= {-1, 0, 1}
        shifts |= {pitch_ids[int(y)] - pitch_ids[int(x)] for x, y in zip(w, a) if int(x) in pitch_ids}
    assert len(shifts) > 3                                                  # it really augments


def test_transposition_never_leaves_the_pitch_range():
    g = {"vocab_size": 10, "pitch_ids": {"21": 4, "22": 5, "23": 6}, "velocity_ids": [8, 9]}
    aug = Augmenter(g)
    w = np.array([3, 4, 8, 6, 9])   # pitches 21 and 23 fill the whole 21..23 range: only a shift of 0 fits
    for seed in range(20):
        a = aug(w, np.random.default_rng(seed))
        assert a[1] == 4 and a[3] == 6
