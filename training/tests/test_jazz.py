"""The jazz generator on a tiny chart of our own: parsing, the swing grid, the harmony, determinism,
the split, and a round trip through the real MidiTok tokenizer."""
import json

import pytest
from symusic import Score

from training.errors import BadInput
from training.jazz import TPQ, generate, is_val, tune_score
from training.jazz_patterns import G
from training.jazz_charts import chords_of, parse_symbol
from training.tokens import encode, make_tokenizer, merge_tracks

CHART = {"Title": "Tiny Test Tune", "Key": "C", "Rhythm": "Medium Swing", "TimeSignature": "4/4",
         "Sections": [{"Label": "A", "MainSegment": {"Chords": "Dm7,G7|Cmaj7||Bbm7/F,(C7)"},
                       "Endings": [{"Chords": "A7b9"}, {"Chords": "F#m7b5,B7alt"}]}]}


@pytest.mark.parametrize("sym,want", [("Bbm7/F", (10, "m7", 5)), ("F#m7b5", (6, "m7b5", 6)),
                                      ("C7(Gm7)", (0, "7", 0)), ("", None), ("(C7)", None)])
def test_symbols(sym, want):
    assert parse_symbol(sym) == want


def test_chart_to_timed_chords():
    got = [(c.root, c.bass, c.start, c.beats) for c in chords_of(CHART)]
    # bar 1 split, Cmaj7 held through the empty bar 3, the alternate '(C7)' keeps Bbm7/F, then each ending
    # after the main segment once
    assert got == [(2, 2, 0, 2), (7, 7, 2, 2), (0, 0, 4, 8), (10, 5, 12, 4), (9, 9, 16, 4),
                   (2, 2, 20, 2), (7, 7, 22, 2), (0, 0, 24, 8), (10, 5, 32, 4), (6, 6, 36, 2), (11, 11, 38, 2)]


def notes_of(score):
    return [(k, n.time, n.duration, n.pitch) for k, t in enumerate(score.tracks) for n in t.notes]


def test_every_note_sits_on_the_swing_grid_and_in_range():
    for seed in range(5):
        score = tune_score(CHART, seed, choruses=5)
        assert score.note_num() > 100
        for _, t, d, p in notes_of(score):
            assert t % (TPQ // G) == 0 and d % (TPQ // G) == 0 and d > 0 and 21 <= p <= 108
            assert (t // (TPQ // G)) % G in (0, 4, 8)     # on the beat, a triplet or a swung offbeat


def test_voicings_and_bass_follow_the_changes():
    chords = chords_of(CHART)
    length = (chords[-1].start + chords[-1].beats) * G
    at = lambda u: next(c for c in chords if c.start * G <= u % length < (c.start + c.beats) * G)
    for seed in range(5):
        score = tune_score(CHART, seed, choruses=5)
        left = {}
        for k, t, _, p in notes_of(score):
            u = t // (TPQ // G)   # grid units
            c = at(u)
            if k == 0 and u % length == c.start * G:
                left[t] = min(p, left.get(t, (128,))[0]), c
            if k == 1:  # right hand: voicings are chord tones, lines chord or scale tones; a swung-offbeat
                # comping hit may anticipate the next chord
                fits = lambda c: (p - c.root) % 12 in {i % 12 for i in c.tones + c.scale}
                assert fits(c) or u % G == 8 and fits(at(u + 4))
        assert left and all(p % 12 == c.bass for p, c in left.values())  # the left hand states each change's bass


def test_same_seed_same_bytes_other_seed_other_music(tmp_path):
    a, b, c = (tune_score(CHART, s) for s in (0, 0, 1))
    a.dump_midi(tmp_path / "a.mid"), b.dump_midi(tmp_path / "b.mid"), c.dump_midi(tmp_path / "c.mid")
    assert (tmp_path / "a.mid").read_bytes() == (tmp_path / "b.mid").read_bytes()
    assert notes_of(a) != notes_of(c)


def test_tokenizer_round_trip_is_exact(tmp_path):
    """The 12-per-beat grid holds every onset and duration: MidiTok encodes and decodes it unchanged."""
    tune_score(CHART, 3).dump_midi(tmp_path / "t.mid")
    score = merge_tracks(Score(tmp_path / "t.mid"))
    tok = make_tokenizer("ours")
    dec = tok.decode([encode(tok, score)])
    scale = score.ticks_per_quarter // dec.ticks_per_quarter
    want = sorted((n.time, n.duration, n.pitch) for n in score.tracks[0].notes)
    assert sorted((n.time * scale, n.duration * scale, n.pitch) for n in dec.tracks[0].notes) == want


def test_generate_splits_by_title(tmp_path):
    charts = tmp_path / "charts"
    charts.mkdir()
    titles = [f"Tune {i}" for i in range(60)]
    for i, t in enumerate(titles):
        (charts / f"t{i}.json").write_text(json.dumps({**CHART, "Title": t}))
    (charts / "empty.json").write_text(json.dumps({**CHART, "Title": "Empty", "Sections": []}))
    counts = generate(str(charts), str(tmp_path / "out"))
    val = {f"t{i}.mid" for i, t in enumerate(titles) if is_val(t)}
    assert 0 < len(val) < 10 and counts["skipped"] == 1
    assert {p.name for p in (tmp_path / "out" / "val").iterdir()} == val
    assert counts["train"] + counts["val"] == 60


def test_bad_chart_folder_is_one_clear_error(tmp_path):
    with pytest.raises(BadInput, match="no .json chord charts"):
        generate(str(tmp_path), str(tmp_path / "out"))
