"""BPE shards: `training bpe` learns merges from the training splits, `prepare --corpora --bpe` encodes with them,
and the shards train and evaluate like any others (bars found through every id that opens one)."""
import json
import os

import numpy as np
import pytest

from training.__main__ import main as cli
from training.config import TrainConfig
from training.corpora import prepare_corpora
from training.data import WindowSampler, bar_starts, read_corpora
from training.errors import BadInput
from training.tokens import learned_base_tokens, load_tokenizer

from conftest import make_piece  # noqa: E402 (pytest puts the tests folder on the path)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("bpe-data")
    seed = 100
    for corpus in ("vgmidi", "nottingham"):
        for split, n in (("train", 4), ("val", 1)):
            (root / corpus / split).mkdir(parents=True)
            for i in range(n):
                seed += 1
                make_piece(seed, 20 if split == "val" else 12, (4, 4) if corpus == "vgmidi" else (3, 4)).dump_midi(
                    str(root / corpus / split / f"{i}.mid"))
    return root


@pytest.fixture(scope="module")
def shards(data, tmp_path_factory):
    out = tmp_path_factory.mktemp("bpe-out")
    tok = str(out / "bpe.json")
    assert cli(["bpe", "--vocab", "420", "--corpora", "vgmidi", "nottingham", "--out", tok, "--data", str(data)]) == 0
    base = prepare_corpora(str(out / "base"), names=["vgmidi", "nottingham"], data=str(data), workers=1)
    bpe = prepare_corpora(str(out / "bpe"), names=["vgmidi", "nottingham"], data=str(data), workers=1, bpe=tok)
    return out, tok, base, bpe


def test_the_bpe_shards_hold_the_same_music_in_fewer_ids(shards):
    out, tok_path, base, bpe = shards
    tok = load_tokenizer(tok_path)
    assert tok.is_trained and len(tok) == 420
    g = bpe["groups"]
    assert bpe["tokenizer"] == "ours+bpe420" and g["bpe"] and g["vocab_size"] == 420
    pieces = learned_base_tokens(tok)
    assert all(pieces[i][0] == "Bar_None" for i in g["bar_ids"]) and len(g["bar_ids"]) > 1
    # no learned id holds a Bar anywhere but first (per-bar splitting)
    assert not any("Bar_None" in p[1:] for p in pieces)
    for split in ("train", "val"):
        assert bpe["splits"][split]["bars"] == base["splits"][split]["bars"]
        assert bpe["splits"][split]["tokens"] < base["splits"][split]["tokens"]
    # the BPE shard expands to the base shard, id for id
    base_tok = load_tokenizer(str(out / "base" / "tokenizer.json"))
    b = np.fromfile(out / "base" / "train.bin", np.uint16)
    p = np.fromfile(out / "bpe" / "train.bin", np.uint16)
    expanded = [base_tok.vocab[t] for i in p for t in pieces[int(i)]]
    assert expanded == [int(i) for i in b]
    # the 8-bar evaluation windows are the same music (cut on the score), so as many of them
    assert {k: v["windows"] for k, v in bpe["eval"].items()} == {k: v["windows"] for k, v in base["eval"].items()}


def test_bpe_shards_train_on_bar_aligned_windows_without_token_augmentation(shards, tmp_path):
    out, *_ = shards
    meta, _, train, _ = read_corpora(str(out / "bpe"))
    s = WindowSampler(train, meta, 32, augment=True, seed=0)
    assert s.aug is None
    assert len(s.starts) == meta["splits"]["train"]["bars"] == len(bar_starts(train, meta["groups"]))
    assert set(train[s.starts].tolist()) <= set(meta["groups"]["bar_ids"])
    run = tmp_path / "run"
    assert cli(["train", "--preset", "tiny", "--data-dir", str(out / "bpe"), "--out-dir", str(run), "--context-length", "32",
                "--batch-size", "4", "--max-steps", "3", "--warmup-steps", "1", "--eval-every", "3", "--eval-batches", "1",
                "--threads", "1", "--device", "cpu"]) == 0
    summary = json.load(open(run / "train_summary.json"))
    assert summary["tokenizer"] == "ours+bpe420" and summary["best_val_loss"] is not None
    assert cli(["evaluate", "--ckpt", str(run / "best.pt"), "--data-dir", str(out / "bpe"), "--out", str(run / "ev.json"),
                "--device", "cpu"]) == 0
    ev = json.load(open(run / "ev.json"))
    assert ev["all"]["nll_per_bar"] > 0


def test_bad_bpe_inputs_are_one_line(shards, data, tmp_path, capsys):
    out, tok, *_ = shards
    base_tok = str(out / "base" / "tokenizer.json")
    with pytest.raises(BadInput, match="is not trained"):
        prepare_corpora(str(tmp_path / "x"), names=["vgmidi"], data=str(data), workers=1, bpe=base_tok)
    with pytest.raises(BadInput, match="--style with --bpe"):
        prepare_corpora(str(tmp_path / "x"), names=["vgmidi"], data=str(data), workers=1, bpe=tok, style=True)
    assert cli(["bpe", "--vocab", "100", "--out", str(tmp_path / "t.json"), "--data", str(data)]) == 1
    assert "must exceed the base vocabulary" in capsys.readouterr().err
    assert cli(["prepare", "--corpora", "vgmidi", "--sample", "vgmidi=2", "--out", str(tmp_path / "y")]) == 1
    assert "--sample must be in (0, 1]" in capsys.readouterr().err
    assert not os.path.exists(tmp_path / "t.json")


@pytest.mark.slow
def test_gpu_scripts_on_bpe_shards_give_a_model_seedloop_opens(midi_dirs, tmp_path):
    """The next GPU run with BPE: prepare --bpe, gpu_train.sh + gpu_finish.sh in tiny mode, then the TypeScript
    side generates exactly 2 bars from the exported model."""
    import subprocess
    from symusic import Score
    from training.bpe import train_bpe
    from training.prepare import prepare
    from training.tokens import merge_tracks
    ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    folders = {s: [str(midi_dirs / c / s) for c in ("vg", "folk")] for s in ("train", "val")}
    scores = [merge_tracks(Score(os.path.join(d, f))) for d in folders["train"] for f in sorted(os.listdir(d))
              if f.endswith(".mid") and "corrupt" not in f and "empty" not in f]
    tok = str(tmp_path / "bpe.json")
    train_bpe(400, scores, out=tok)
    data = tmp_path / "data-bpe"
    meta = prepare(str(data), "ours", train=folders["train"], val=folders["val"], bpe=tok)
    assert meta["tokenizer"] == "ours+bpe400" and meta["groups"]["bpe"]
    gpu, models = tmp_path / "gpu", tmp_path / "models"
    env = dict(os.environ, SEEDLOOP_GPU_TEST="1", SEEDLOOP_GPU_DATA=str(data), SEEDLOOP_SCRATCH=str(tmp_path / "s"),
               MODELS=str(models), EVAL_LIMIT="2", OMP_NUM_THREADS="1")
    for script, arg in (("training/gpu_train.sh", gpu), ("training/gpu_finish.sh", gpu)):
        r = subprocess.run(["bash", script, str(arg)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    m = json.load(open(models / "seedloop-small" / "manifest.json"))
    assert m["vocabSize"] == 400
    seed = tmp_path / "seed.mid"
    Score(os.path.join(folders["val"][0], sorted(os.listdir(folders["val"][0]))[0])).dump_midi(str(seed))
    out = tmp_path / "loop.mid"
    r = subprocess.run(["node", "bin/seedloop.js", "generate", "--seed", str(seed), "--out", str(out), "--model",
                        str(models / "seedloop-small"), "--bars", "2", "--rng-seed", "1", "--device", "cpu", "--json"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert json.loads(r.stdout)["bars"] == 2
