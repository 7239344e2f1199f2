"""Data-parallel training under torchrun: one process per GPU (or per CPU share with gloo), on one or
several nodes. torchrun sets RANK, LOCAL_RANK and WORLD_SIZE (and the rendezvous); without them this is one
process and every collective is a no-op."""
from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as td


@dataclass
class Dist:
    rank: int = 0
    world: int = 1
    device: str = "cpu"

    @property
    def main(self) -> bool:
        """Only rank 0 writes checkpoints and logs."""
        return self.rank == 0

    def sum(self, *values: float) -> list[float]:
        """Sum numbers over all ranks (a validation loss, a token count)."""
        if self.world == 1:
            return list(values)
        t = torch.tensor(values, dtype=torch.float64, device=self.device)
        td.all_reduce(t)
        return t.tolist()

    def max(self, value: float) -> float:
        """The largest value over ranks: every rank then agrees on the wall time that schedules and stops."""
        if self.world == 1:
            return value
        t = torch.tensor([value], dtype=torch.float64, device=self.device)
        td.all_reduce(t, op=td.ReduceOp.MAX)
        return float(t.item())

    def wrap(self, model: torch.nn.Module) -> torch.nn.Module:
        if self.world == 1:
            return model
        from torch.nn.parallel import DistributedDataParallel
        return DistributedDataParallel(model, device_ids=[torch.device(self.device).index] if self.device.startswith("cuda") else None)

    def close(self) -> None:
        if self.world > 1 and td.is_initialized():
            td.destroy_process_group()


def setup(device: str) -> Dist:
    """device: auto | cpu | cuda. Under torchrun, CUDA ranks take GPU LOCAL_RANK and talk over NCCL; CPU ranks use gloo."""
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world == 1:
        return Dist(device=device)
    rank, local = int(os.environ["RANK"]), int(os.environ.get("LOCAL_RANK", "0"))
    if device == "cuda":
        device = f"cuda:{local}"
        torch.cuda.set_device(device)
    td.init_process_group(backend="nccl" if device.startswith("cuda") else "gloo")
    return Dist(rank=rank, world=world, device=device)
