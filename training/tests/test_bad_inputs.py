import os
import subprocess
import sys

import pytest

from training.errors import BadInput
from training.prepare import midi_files
from training.tokens import load_tokenizer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cli(*args):
    return subprocess.run([sys.executable, "-m", "training", *args], cwd=ROOT, capture_output=True, text=True)


def test_empty_folder_is_one_clear_line(tmp_path):
    r = cli("prepare", "--train", str(tmp_path), "--val", str(tmp_path), "--out", str(tmp_path / "o"))
    assert r.returncode == 1
    assert r.stderr.strip() == f"training prepare: no .mid/.midi files in {tmp_path}"


def test_missing_prepared_data_is_one_clear_line(tmp_path):
    r = cli("train", "--data-dir", str(tmp_path), "--out-dir", str(tmp_path / "run"), "--preset", "tiny")
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [f"training train: no meta.json in {tmp_path}: run `python3 -m training prepare` first"]


def test_missing_folder_and_tokenizer_file(tmp_path):
    with pytest.raises(BadInput, match="MIDI folder not found"):
        midi_files(str(tmp_path / "nope"))
    with pytest.raises(BadInput, match="tokenizer file not found"):
        load_tokenizer(str(tmp_path / "tokenizer.json"))


def test_only_corrupt_files_is_a_clear_error(tmp_path):
    from training.prepare import prepare
    (tmp_path / "bad.mid").write_bytes(b"not midi at all")
    with pytest.raises(BadInput, match="no usable MIDI"):
        prepare(str(tmp_path / "o"), train=[str(tmp_path)], val=[str(tmp_path)])


def test_checkpoint_scored_on_another_tokenizers_shards_is_refused(prepared, tmp_path):
    from training.config import PRESETS
    from training.evaluate import evaluate
    from training.model import build_model, save_weights
    from training.tokens import make_tokenizer
    out, _ = prepared
    make_tokenizer("baseline").save(str(tmp_path / "baseline.json"))
    model = build_model(dict(PRESETS["tiny"], vocab_size=434))
    save_weights(str(tmp_path / "w.pt"), model, {**PRESETS["tiny"], "vocab_size": 434}, open(tmp_path / "baseline.json").read())
    with pytest.raises(BadInput, match="another tokenizer"):
        evaluate(str(out), ckpt=str(tmp_path / "w.pt"))
