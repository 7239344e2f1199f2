"""prepare --corpora on a tiny data folder the test writes: a VGMusic-style .tar.gz (multi-track with drums,
a corrupt file, a drums-only file, a duplicate), VGMIDI/Nottingham-style folders and two chord charts."""
import io
import json
import tarfile

import numpy as np
import pytest
from symusic import Note, Score, TimeSignature, Track

from training.__main__ import main as cli
from training.corpora import prepare_corpora
from training.errors import BadInput
from training.tokens import encode, load_tokenizer, make_tokenizer, merge_tracks

CHART = {"Title": "T", "TimeSignature": "4/4", "Sections": [{"MainSegment": {"Chords": "Dm7|G7|Cmaj7|Cmaj7"}}]}


def song(seed: int, bars: int = 10, drums: bool = True, pitched: bool = True) -> Score:
    rng = np.random.default_rng(seed)
    s = Score(480)
    s.time_signatures.append(TimeSignature(0, 4, 4))
    for k in range(2 if pitched else 0):  # a melody and a bass part on other programs
        t = Track(f"p{k}", 30 + k)
        t.notes.extend(Note(int(b * 240), 240, int(rng.integers(40, 80)) - 12 * k, 90) for b in range(bars * 8))
        s.tracks.append(t)
    if drums:
        d = Track("drums", 0, True)
        d.notes.extend(Note(b * 480, 60, 36, 100) for b in range(bars * 4))
        s.tracks.append(d)
    return s


def midi_bytes(score: Score) -> bytes:
    return score.dumps_midi()


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    members = {"vgmusic/train/GameA/a.mid": midi_bytes(song(1)), "vgmusic/train/GameA/b.mid": midi_bytes(song(2)),
               "vgmusic/train/GameB/copy.mid": midi_bytes(song(1)),          # the same music again
               "vgmusic/train/GameB/bad.mid": b"MThd not really",
               "vgmusic/train/GameB/drums.mid": midi_bytes(song(3, pitched=False)),
               "vgmusic/val/GameC/c.mid": midi_bytes(song(4, bars=20)), "vgmusic/readme.txt": b"not midi"}
    (root / "vgmusic").mkdir()
    with tarfile.open(root / "vgmusic" / "vgmusic.tar.gz", "w:gz") as tar:
        for name, blob in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
    for corpus, seed in (("vgmidi", 10), ("nottingham", 20)):
        for split, n in (("train", 2), ("val", 1)):
            (root / corpus / split).mkdir(parents=True)
            for i in range(n):
                song(seed + i + (5 if split == "val" else 0), drums=False).dump_midi(root / corpus / split / f"{i}.mid")
    (root / "jazz-standards").mkdir()
    for t in ("Tune One", "Tune Two"):
        (root / "jazz-standards" / f"{t}.json").write_text(json.dumps({**CHART, "Title": t}))
    return root


@pytest.fixture(scope="module")
def prepared(data, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return out, prepare_corpora(str(out), names=["vgmusic", "vgmidi", "nottingham", "jazz"], data=str(data), workers=2)


def test_each_corpus_reports_files_skips_and_duplicates(prepared):
    c = prepared[1]["corpora"]
    vg = c["vgmusic"]
    assert vg["files"] == 6 and vg["duplicates"] == 1               # readme.txt is not a MIDI file
    assert vg["skipped"] == {"unreadable (RuntimeError)": 1, "no pitched notes": 1}
    assert (vg["train"]["pieces"], vg["val"]["pieces"]) == (2, 1)    # split by the archive's folder
    assert (c["vgmidi"]["train"]["pieces"], c["vgmidi"]["val"]["pieces"]) == (2, 1)
    assert c["jazz"]["files"] == 2 and c["jazz"]["train"]["pieces"] + c["jazz"]["val"]["pieces"] == 2


def test_multitrack_is_merged_without_drums(prepared):
    tok = make_tokenizer("ours")
    want = len(encode(tok, merge_tracks(song(4, bars=20))))
    drumless = song(4, bars=20, drums=False)
    assert want == len(encode(tok, merge_tracks(drumless)))        # the drum track adds nothing
    assert prepared[1]["corpora"]["vgmusic"]["val"]["tokens"] == want


def test_shards_add_up_to_the_report(prepared):
    out, meta = prepared
    g = meta["groups"]
    for split in ("train", "val"):
        arr = np.fromfile(out / f"{split}.bin", np.uint16)
        per = sum(c[split]["tokens"] for c in meta["corpora"].values())
        assert len(arr) == meta["splits"][split]["tokens"] == per + 2 * meta["splits"][split]["pieces"]
        assert (arr == g["bos_id"]).sum() == (arr == g["eos_id"]).sum() == meta["splits"][split]["pieces"]
    ev = np.fromfile(out / "val_vgmusic.bin", np.uint16)
    assert meta["eval"]["vgmusic"]["windows"] == 2 == (ev == g["bos_id"]).sum()   # 20 bars -> two 8-bar windows
    assert json.loads((out / "meta.json").read_text())["corpora"]["vgmusic"]["duplicates"] == 1


def test_a_sample_is_stable_and_smaller(data, tmp_path):
    a = prepare_corpora(str(tmp_path / "a"), names=["vgmusic"], data=str(data), sample=0.5, workers=1)
    b = prepare_corpora(str(tmp_path / "b"), names=["vgmusic"], data=str(data), sample=0.5, workers=2)
    assert a["corpora"] == b["corpora"] and a["corpora"]["vgmusic"]["files"] < 6
    assert (tmp_path / "a" / "train.bin").read_bytes() == (tmp_path / "b" / "train.bin").read_bytes()


@pytest.mark.parametrize("args,msg", [(["--corpora", "midi"], "unknown corpus 'midi'"),
                                      (["--corpora", "jazz", "--sample", "0"], "--sample must be in")])
def test_bad_flags_get_one_line(args, msg, capsys, tmp_path):
    assert cli(["prepare", *args, "--out", str(tmp_path / "o")]) == 1
    assert msg in capsys.readouterr().err


def test_missing_archive_names_the_path(tmp_path):
    with pytest.raises(BadInput, match="archive not found: .*vgmusic.tar.gz"):
        prepare_corpora(str(tmp_path / "o"), names=["vgmusic"], data=str(tmp_path), workers=1)


def test_style_tokens_follow_bos_and_match_the_typescript_vocabulary(data, tmp_path):
    import os
    import subprocess
    out = tmp_path / "s"
    meta = prepare_corpora(str(out), names=["nottingham", "jazz"], data=str(data), workers=1, style=True)
    sid = meta["groups"]["style_ids"]
    assert meta["tokenizer"] == "ours+style" and sorted(sid) == ["folk", "game", "jazz", "piano"]
    arr = np.fromfile(out / "train.bin", np.uint16)
    after_bos = arr[np.flatnonzero(arr == meta["groups"]["bos_id"]) + 1]
    assert sorted(set(after_bos.tolist())) == sorted({sid["folk"], sid["jazz"]})
    assert (after_bos == sid["folk"]).sum() == meta["corpora"]["nottingham"]["train"]["pieces"]
    ev = np.fromfile(out / "val_nottingham.bin", np.uint16)
    assert ev[1] == sid["folk"]
    # the product's tokenizer reads the same file to the same ids (Style_* included)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    script = tmp_path / "vocab.mts"   # .mts: an ES module wherever it lies
    script.write_text(f"import {{readFileSync}} from 'node:fs';\n"
                      f"import {{Tokenizer}} from {json.dumps(os.path.join(root, 'src/tokenizer/index.ts'))};\n"
                      f"const t = Tokenizer.fromJSON(readFileSync({json.dumps(str(out / 'tokenizer.json'))}, 'utf8'));\n"
                      "console.log(JSON.stringify(t.vocab));\n")
    try:
        run = subprocess.run(["npx", "tsx", str(script)], cwd=root, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        pytest.skip("node/npx not installed")
    assert run.returncode == 0, run.stderr
    ts_vocab = json.loads(run.stdout.strip().splitlines()[-1])
    tok = load_tokenizer(str(out / "tokenizer.json"))
    py_vocab = sorted(tok.vocab, key=tok.vocab.get)
    assert ts_vocab == py_vocab and ts_vocab[sid["jazz"]] == "Style_jazz"


def test_training_windows_from_mid_piece_keep_their_pieces_style(data, tmp_path):
    """Generation feeds [BOS, Style_x] in front of every (rolled) window, so training windows that start at
    any bar line of a piece get that piece's style after BOS; a shard without styles keeps [BOS] alone."""
    from training.data import WindowSampler, read_meta
    out = tmp_path / "s"
    meta = prepare_corpora(str(out), names=["nottingham", "jazz"], data=str(data), workers=1, style=True)
    g, sid = meta["groups"], meta["groups"]["style_ids"]
    arr = np.fromfile(out / "train.bin", np.uint16)
    ws = WindowSampler(arr, read_meta(str(out)), context=64, augment=False, seed=0)
    bos_at = np.flatnonzero(arr == g["bos_id"])
    mid = [int(s) for s in ws.starts if int(s) - 2 not in set(bos_at.tolist())]  # not a piece's first bar
    assert len(mid) > 10
    for s in mid[:: max(1, len(mid) // 25)]:
        piece_style = int(arr[bos_at[bos_at < s][-1] + 1])
        w = ws.window(s)
        assert w[0] == g["bos_id"] and w[1] == piece_style and piece_style in sid.values()
        assert (w[2:2 + 10] == arr[s:s + 10]).all() and len(w) == 65
    plain = prepare_corpora(str(tmp_path / "p"), names=["nottingham"], data=str(data), workers=1)
    parr = np.fromfile(tmp_path / "p" / "train.bin", np.uint16)
    pws = WindowSampler(parr, read_meta(str(tmp_path / "p")), context=64, augment=False, seed=0)
    s = int(pws.starts[5])
    assert pws.window(s)[0] == plain["groups"]["bos_id"] and (pws.window(s)[1:11] == parr[s:s + 10]).all()
