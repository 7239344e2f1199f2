"""training train under torchrun: 2 gloo processes on CPU train the same model as one process at the same
global batch (each rank takes half of every batch, DDP averages the gradients)."""
import os
import subprocess
import sys

import torch

from training.config import TrainConfig
from training.train import train

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARGS = dict(preset="tiny", context_length=64, batch_size=8, lr=3e-3, warmup_steps=2, max_steps=6, eval_every=3,
            eval_batches=2, save_every=0, threads=1, resume=False, device="cpu", log_every_s=1e9)


def test_two_gloo_processes_match_one_process(prepared, tmp_path):
    out, _ = prepared
    one = train(TrainConfig(data_dir=str(out), out_dir=str(tmp_path / "one"), **ARGS))
    flags = [f"--{k.replace('_', '-')}={v}" for k, v in ARGS.items()]
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=ROOT)
    r = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node=2",
                        "-m", "training", "train", f"--data-dir={out}", f"--out-dir={tmp_path / 'two'}", *flags],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "x 2 processes" in r.stdout and r.stdout.count("done:") == 1      # only rank 0 logs
    a = torch.load(tmp_path / "one" / "ckpt.pt", weights_only=False)
    b = torch.load(tmp_path / "two" / "ckpt.pt", weights_only=False)
    assert b["world"] == 2 and b["step"] == a["step"] == 6 and b["tokens"] == a["tokens"]
    diff = max((a["model"][k] - b["model"][k]).abs().max().item() for k in a["model"])
    assert diff < 1e-4, diff
    assert [h["val_loss"] for h in b["history"]] == [h["val_loss"] for h in one["history"]]
