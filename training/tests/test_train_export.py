import json
import os

import numpy as np
import pytest

from training.config import TrainConfig
from training.train import train

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "tiny-model")


@pytest.fixture(scope="module")
def trained(prepared, tmp_path_factory):
    out, _ = prepared
    run = tmp_path_factory.mktemp("run")
    cfg = TrainConfig(data_dir=str(out), out_dir=str(run), preset="tiny", context_length=64, batch_size=8, lr=1e-2,
                      warmup_steps=5, max_steps=40, eval_every=10, eval_batches=2, save_every=20, threads=1,
                      log_every_s=1e9, resume=False)
    return run, train(cfg)


def test_tiny_model_loss_falls(trained):
    _, summary = trained
    h = summary["history"]
    assert summary["steps"] == 40 and len(h) == 4
    assert h[-1]["val_loss"] < h[0]["val_loss"] - 0.3


def test_checkpoint_resumes_and_best_pt_keeps_the_best_weights(trained, tmp_path):
    """Resume from a checkpoint whose latest weights are worse than its best (noise added, as after a bad
    stretch): best.pt must still hold the best weights, not the latest. Runs in a copy of the shared run."""
    import shutil

    import torch
    from training.model import load_weights
    run, summary = trained
    shutil.copytree(run, tmp_path / "run")
    ck = torch.load(tmp_path / "run" / "ckpt.pt", weights_only=False)
    assert ck["step"] == 40 and ck["model_args"]["hidden_size"] == 32 and '"use_rests": false' in ck["tokenizer_json"]
    assert round(ck["best"], 4) == summary["best_val_loss"] and ck["best_state"] is not None
    torch.manual_seed(0)
    ck["model"] = {k: v + 0.5 * torch.randn_like(v) for k, v in ck["model"].items()}
    torch.save(ck, tmp_path / "run" / "ckpt.pt")
    cfg = TrainConfig.from_dict(dict(ck["config"], out_dir=str(tmp_path / "run"), max_steps=41, resume=True))
    resumed = train(cfg)
    assert resumed["steps"] == 41 and resumed["history"][-1]["val_loss"] > resumed["best_val_loss"] == round(ck["best"], 4)
    held = load_weights(str(tmp_path / "run" / "best.pt"))[0].state_dict()
    for k, v in ck["best_state"].items():
        assert torch.equal(held[k].half(), v.half()), k


def test_best_pt_holds_the_lowest_validation_step(trained):
    import torch
    from training.model import load_weights
    run, summary = trained
    ck = torch.load(run / "ckpt.pt", weights_only=False)
    assert summary["best_val_loss"] == min(h["val_loss"] for h in summary["history"])
    held = load_weights(str(run / "best.pt"))[0].state_dict()
    assert all(torch.equal(held[k].half(), v.half()) for k, v in ck["best_state"].items())


def test_load_weights_refuses_missing_and_unexpected_keys(trained, tmp_path):
    import torch
    from training.errors import BadInput
    from training.model import load_weights
    run, _ = trained
    blob = torch.load(run / "best.pt", weights_only=False)
    key = "model.layers.1.mlp.up_proj.weight"
    missing = dict(blob, state={k: v for k, v in blob["state"].items() if k != key})
    torch.save(missing, tmp_path / "missing.pt")
    with pytest.raises(BadInput, match=f"missing \\['{key}'\\]"):
        load_weights(str(tmp_path / "missing.pt"))
    extra = dict(blob, state={**blob["state"], "model.layers.9.extra.weight": torch.zeros(2)})
    torch.save(extra, tmp_path / "extra.pt")
    with pytest.raises(BadInput, match="unexpected \\['model.layers.9.extra.weight'\\]"):
        load_weights(str(tmp_path / "extra.pt"))


def test_split_parts_join_back_and_a_split_checkpoint_names_the_join(trained, tmp_path):
    from training import transport
    from training.model import load_weights
    run, _ = trained
    parts = transport.split(str(run / "best.pt"), str(tmp_path / "w.pt"), part_bytes=20_000)
    assert len(parts) > 2 and all((tmp_path / f"w.pt.part{i}").stat().st_size <= 20_000 for i in range(len(parts)))
    with pytest.raises(FileNotFoundError, match="python3 -m training.transport join"):
        load_weights(str(tmp_path / "w.pt"))
    transport.join(str(tmp_path / "w.pt"))
    assert (tmp_path / "w.pt").read_bytes() == (run / "best.pt").read_bytes()


def test_help_comes_from_each_fields_metadata():
    import dataclasses
    from training.train import parser
    text = " ".join(parser().format_help().split())
    for f in dataclasses.fields(TrainConfig):
        assert f.metadata["help"] and " ".join(f.metadata["help"].split()) in text, f.name


def test_export_parity_prefill_and_cached_decode(trained, tmp_path):
    from training.export import export_onnx, parity
    from training.model import load_weights
    run, _ = trained
    model, args, tok_json, _ = load_weights(str(run / "best.pt"))
    export_onnx(model, str(tmp_path / "m.onnx"))
    ids = [1, 3, 351] + list(range(100, 140))
    assert parity(model, str(tmp_path / "m.onnx"), ids, steps=20) <= 1e-4


def test_regraph_rebuilds_a_model_folder_from_its_weights(trained, prepared, tmp_path):
    """export --regraph: the listed graphs come back from weights.pt with today's I/O (new_kv), checked against
    PyTorch; the manifest's I/O and graph metrics follow, its other fields and the card's other lines stay."""
    from training.export_cli import regraph
    from training.model import load_weights, save_weights
    run, _ = trained
    out, _ = prepared
    model, args, tok_json, _ = load_weights(str(run / "best.pt"))
    d = tmp_path / "m"
    d.mkdir()
    save_weights(str(d / "weights.pt"), model, args, tok_json)
    (d / "manifest.json").write_text(json.dumps({
        "name": "m", "files": {"onnxInt8": "model.int8.onnx", "tokenizer": "tokenizer.json"}, "inputs": [], "outputs": ["logits"],
        "hfCheckpoint": "weights.pt", "metrics": {"params": 1, "int8": {}}}))
    (d / "MODEL_CARD.md").write_text("# m\n\nONNX fp32 vs PyTorch: old line.\n\nkept\n")
    m = regraph(str(d), str(out), eval_limit=2)
    assert sorted(os.listdir(d)) == ["MODEL_CARD.md", "manifest.json", "model.int8.onnx", "weights.pt"]  # no fp32 listed
    assert m["outputs"][0] == "logits" and m["outputs"][-1] == "new_kv" and "past_key_values.0.key" in m["inputs"]
    assert m["metrics"]["params"] == 1 and m["metrics"]["parityMaxAbsDiffFp32"] <= 1e-4
    assert m["metrics"]["int8"]["windows"] > 0
    assert json.loads((d / "manifest.json").read_text()) == m
    card = (d / "MODEL_CARD.md").read_text()
    assert "old line" not in card and "NLL/token" in card and card.endswith("kept\n")


def test_fixture_onnx_matches_its_reference_logits():
    from training.export import ort_steps
    m = json.load(open(os.path.join(FIXTURE, "manifest.json")))
    ref = json.load(open(os.path.join(FIXTURE, "reference.json")))
    got = ort_steps(os.path.join(FIXTURE, m["files"]["onnx"]), ref["input_ids"], len(ref["logits"]) - 1,
                    m["numLayers"], m["numKvHeads"], m["headDim"])
    assert max(np.abs(np.array(r) - g).max() for r, g in zip(ref["logits"], got)) <= 1e-4
    assert [int(g.argmax()) for g in got[:-1]] == ref["decode_ids"]


def test_new_kv_outputs_drive_a_fixed_capacity_cache():
    """The fused graph's new.* outputs are the fed positions of present.*, new_kv is all of them packed (layer-major,
    key heads then value heads), and a past buffer with spare room (valid prefix + garbage) gives the logits of the
    exact-length cache: what src/model/kvCache.ts relies on."""
    import onnxruntime as ort
    from training.export import ort_steps
    m = json.load(open(os.path.join(FIXTURE, "manifest.json")))
    ref = json.load(open(os.path.join(FIXTURE, "reference.json")))
    L, H, D, cap = m["numLayers"], m["numKvHeads"], m["headDim"], 96
    sess = ort.InferenceSession(os.path.join(FIXTURE, m["files"]["onnx"]), providers=["CPUExecutionProvider"])
    names = [f"{i}.{kv}" for i in range(L) for kv in ("key", "value")]
    rng = np.random.default_rng(0)
    bufs = {n: rng.standard_normal((2, H, cap, D)).astype(np.float32) for n in names}  # 2 rows, garbage slots
    ids, total, got = ref["input_ids"], 0, []
    feed = np.array([ids, ids], np.int64)
    for _ in range(len(ref["logits"])):
        s = feed.shape[1]
        out = dict(zip([o.name for o in sess.get_outputs()], sess.run(None, {
            "input_ids": feed, "attention_mask": np.ones((2, total + s), np.int64),
            "position_ids": np.tile(np.arange(total, total + s), (2, 1)),
            **{f"past_key_values.{n}": b for n, b in bufs.items()}})))
        assert np.array_equal(out["new_kv"], np.concatenate([out[f"new.{n}"] for n in names], axis=1))
        for n in names:
            assert np.array_equal(out[f"new.{n}"], out[f"present.{n}"][:, :, total:total + s])
            bufs[n][:, :, total:total + s] = out[f"new.{n}"]
        total += s
        got.append(out["logits"][:, -1])
        feed = np.tile(out["logits"][:1, -1].argmax(), (2, 1)).astype(np.int64)
    want = ort_steps(os.path.join(FIXTURE, m["files"]["onnx"]), ids, len(ref["logits"]) - 1, L, H, D)
    assert max(np.abs(g - w[None]).max() for g, w in zip(got, want)) <= 1e-5


def test_evaluate_torch_and_onnx_agree(trained, prepared, tmp_path):
    from training.evaluate import evaluate
    from training.export import export_onnx
    from training.model import load_weights
    run, _ = trained
    out, _ = prepared
    model = load_weights(str(run / "best.pt"))[0]
    export_onnx(model, str(tmp_path / "m.onnx"))
    a = evaluate(str(out), model=model, limit=3, device="cpu")
    b = evaluate(str(out), onnx=str(tmp_path / "m.onnx"), limit=3)
    assert a["all"]["windows"] == b["all"]["windows"] > 0
    assert abs(a["all"]["nll_per_token"] - b["all"]["nll_per_token"]) < 1e-3


def _batch_last_logits(path, c, ids, mask, pos):
    import onnxruntime as ort
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    empty = {f"past_key_values.{i}.{kv}": np.zeros((len(ids), c.num_key_value_heads, 0, c.hidden_size // c.num_attention_heads),
                                                    np.float32) for i in range(c.num_hidden_layers) for kv in ("key", "value")}
    feeds = {"input_ids": np.array(ids, np.int64), "attention_mask": np.array(mask, np.int64),
             "position_ids": np.array(pos, np.int64), **empty}
    return sess.run(["logits"], feeds)[0][:, -1]


def _torch_last_logits(model, rows):
    import torch
    with torch.no_grad():
        return [model(input_ids=torch.tensor([r])).logits[0, -1].numpy() for r in rows]


def test_onnx_lean_batch_with_left_padding_matches_unpadded(trained, tmp_path):
    """The lean graph (export_onnx(fused=False)) pads short prompts on the left: the mask must hide the pads exactly."""
    from training.export import export_onnx
    from training.model import load_weights
    run, _ = trained
    model = load_weights(str(run / "best.pt"))[0]
    export_onnx(model, str(tmp_path / "m.onnx"), fused=False)
    long, short = [1, 3, 351, 137, 50, 100, 120], [1, 3, 351, 140, 60]
    logits = _batch_last_logits(tmp_path / "m.onnx", model.config, [long, [0, 0] + short],
                                [[1] * 7, [0, 0] + [1] * 5], [list(range(7)), [0, 0] + list(range(5))])
    ref_long, ref_short = _torch_last_logits(model, [long, short])
    assert np.abs(logits[0] - ref_long).max() <= 1e-4
    assert np.abs(logits[1] - ref_short).max() <= 1e-4


def test_onnx_fused_batch_of_equal_length_rows_matches_unbatched(trained, tmp_path):
    """The fused (GroupQueryAttention) graph needs rows of equal length -- the engine only batches copies of one
    seed -- so it is checked on a batch of different rows of the same length, prefill then one cached step."""
    from training.export import export_onnx, ort_steps, torch_steps
    from training.model import load_weights
    run, _ = trained
    model = load_weights(str(run / "best.pt"))[0]
    export_onnx(model, str(tmp_path / "m.onnx"))
    rows = [[1, 3, 351, 137, 50, 100, 120], [1, 3, 351, 140, 60, 101, 99]]
    logits = _batch_last_logits(tmp_path / "m.onnx", model.config, rows, [[1] * 7] * 2, [list(range(7))] * 2)
    for got, ref in zip(logits, _torch_last_logits(model, rows)):
        assert np.abs(got - ref).max() <= 1e-4
    c = model.config
    for r in rows:  # and the cached decode of each row (past > 0)
        got = ort_steps(str(tmp_path / "m.onnx"), r, 3, c.num_hidden_layers, c.num_key_value_heads,
                        c.hidden_size // c.num_attention_heads)
        assert max(np.abs(a - b).max() for a, b in zip(got, torch_steps(model, r, 3))) <= 1e-4


def test_init_from_fine_tunes_only_a_matching_model(trained, prepared, tmp_path):
    from training.errors import BadInput
    run, summary = trained
    out, _ = prepared
    base = dict(data_dir=str(out), context_length=64, batch_size=8, warmup_steps=1, eval_every=2, eval_batches=2,
                threads=1, log_every_s=1e9, resume=False, init_from=str(run / "best.pt"))
    with pytest.raises(BadInput, match="different model size"):
        train(TrainConfig(out_dir=str(tmp_path / "a"), preset="small", max_steps=2, **base))
    tuned = train(TrainConfig(out_dir=str(tmp_path / "b"), preset="tiny", max_steps=2, lr=1e-4, **base))
    assert tuned["history"][0]["val_loss"] < summary["history"][0]["val_loss"]  # starts where the run ended
