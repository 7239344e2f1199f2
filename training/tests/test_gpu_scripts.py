"""training/gpu_train.sh then training/gpu_finish.sh, end to end on the CPU in tiny mode (SEEDLOOP_GPU_TEST=1):
what comes back from the GPU machine, and the models/ folders the finish step writes."""
import json
import os
import subprocess

import pytest

from training.config import PRESETS
from training.model import build_model, count_params

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_large_preset_is_sized_for_a_short_gpu_run():
    n = count_params(build_model(dict(PRESETS["large"], vocab_size=352)))
    assert 30e6 <= n <= 80e6 and PRESETS["large"]["context_length"] == 2048


@pytest.mark.slow
def test_gpu_train_then_finish_in_tiny_mode(prepared, tmp_path):
    out, _ = prepared
    gpu, models = tmp_path / "gpu", tmp_path / "models"
    env = dict(os.environ, SEEDLOOP_GPU_TEST="1", SEEDLOOP_GPU_DATA=str(out), SEEDLOOP_SCRATCH=str(tmp_path / "s"),
               MODELS=str(models), EVAL_LIMIT="2", OMP_NUM_THREADS="1")
    r = subprocess.run(["bash", "training/gpu_train.sh", str(gpu)], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    back = sorted(os.listdir(gpu))
    assert {"small.pt.part0", "large.pt.part0", "results.json", "log.txt"} <= set(back)
    assert all((gpu / f).stat().st_size <= 15_000_000 for f in back)
    res = json.load(open(gpu / "results.json"))
    for name, ctx in (("small", 64), ("large", 128)):
        run = res["runs"][name]
        assert run["train"]["steps"] == 4 and run["train"]["config"]["context_length"] == ctx
        assert set(run["eval"]) == {"vg", "folk", "all"} and run["eval"]["all"]["windows"] == 8  # --limit 4 per corpus
    r = subprocess.run(["bash", "training/gpu_finish.sh", str(gpu)], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    small = json.load(open(models / "seedloop-small" / "manifest.json"))
    large = json.load(open(models / "seedloop-large" / "manifest.json"))
    assert set(small["files"]) == {"onnx", "onnxInt8", "tokenizer"} and small["hfCheckpoint"] == "weights.pt"
    assert set(large["files"]) == {"onnxInt8", "tokenizer"}
    for m in (small, large):
        assert m["metrics"]["parityMaxAbsDiffFp32"] <= 1e-4 and m["metrics"]["int8"]["windows"] == 4  # EVAL_LIMIT 2 per corpus
    assert (models / "seedloop-large" / "MODEL_CARD.md").read_text().count("(this model)") == 1
