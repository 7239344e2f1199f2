"""Every knob of the pipeline in one place: the tokenizer configs, the model size presets, the run config.

This module imports nothing heavy (no miditok, no torch) so the GPU machine, which has no miditok, can use it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

# The shipped tokenizer (MidiTok 3.1 REMI). Why each choice (also in the model card):
# 12 positions per beat in the first beat-span holds 16ths and triplets; 16 velocities keep dynamics;
# time signatures keep bar lengths exact; no Tempo tokens (tempo comes from the DAW clock);
# no Rest tokens (MidiTok's rests swallow Bar tokens, and loop length is counted in Bar tokens).
OURS = dict(
    pitch_range=(21, 109),
    beat_res={(0, 1): 12, (1, 2): 6, (2, 4): 3, (4, 8): 1},
    num_velocities=16,
    special_tokens=["PAD", "BOS", "EOS"],
    use_chords=False, use_rests=False, use_tempos=False, use_time_signatures=True,
    use_sustain_pedals=False, use_programs=False,
)

# The write-up's REMI config: the baseline our choices are compared against (same pitch range).
BASELINE = dict(
    pitch_range=(21, 109),
    beat_res={(0, 1): 12, (1, 2): 4, (2, 4): 2, (4, 8): 1},
    num_velocities=24,
    special_tokens=["PAD", "BOS", "EOS"],
    use_chords=True, use_rests=True, use_tempos=True, use_time_signatures=True,
    use_sustain_pedals=False, use_programs=False,
)

TOKENIZERS = {"ours": OURS, "baseline": BASELINE}

# Model sizes (MistralForCausalLM). Parameter counts are for our 352-token vocab.
PRESETS = {
    # a test-fixture size: a few hundred KB of weights
    "tiny": dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                 intermediate_size=64, context_length=512),
    # ~0.8M params besides the embeddings: the BPE comparison's size (scripts/bpe-compare.py), trains on 2 CPU cores
    "mini": dict(hidden_size=128, num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=2,
                 intermediate_size=384, context_length=512),
    # ~4.9M params: trains on a CPU in an hour or two
    "small": dict(hidden_size=256, num_hidden_layers=6, num_attention_heads=4, num_key_value_heads=2,
                  intermediate_size=768, context_length=1024),
    # ~19M params: the write-up's width/depth/heads; intermediate 1024 keeps int8 near 20 MB
    "base": dict(hidden_size=512, num_hidden_layers=8, num_attention_heads=8, num_key_value_heads=4,
                 intermediate_size=1024, context_length=1024),
    # ~47M params, context 2048: sized for a short GPU run (training/gpu_train.sh), not for CPU training
    "large": dict(hidden_size=512, num_hidden_layers=12, num_attention_heads=8, num_key_value_heads=4,
                  intermediate_size=2048, context_length=2048),
}


def opt(default, help: str):
    """A TrainConfig field with its one-line help (shown by `train --help`)."""
    return field(default=default, metadata={"help": help})


@dataclass
class TrainConfig:
    data_dir: str = opt("training/out/data-ours", "prepared folder(s), comma-separated, one tokenizer (from prepare)")
    out_dir: str = opt("training/runs/small", "checkpoints and log go here")
    preset: str = opt("small", "model size: one of PRESETS")
    context_length: int = opt(0, "training window in tokens; 0 = the preset's")
    batch_size: int = opt(16, "windows per optimizer step")
    lr: float = opt(1e-3, "peak learning rate (AdamW)")
    min_lr_ratio: float = opt(0.1, "cosine decays to lr * this")
    weight_decay: float = opt(0.1, "AdamW decoupled weight decay (not on norms/biases)")
    betas: tuple = opt((0.9, 0.95), "AdamW betas")
    grad_clip: float = opt(1.0, "clip global grad norm to this")
    warmup_steps: int = opt(100, "linear warmup steps")
    max_steps: int = opt(2000, "cosine schedule length (training may stop earlier)")
    max_minutes: float = opt(0.0, "stop after this much wall time (0 = no limit)")
    max_tokens: int = opt(0, "stop after this many training tokens (0 = no limit)")
    eval_every: int = opt(200, "validate every N steps")
    eval_batches: int = opt(20, "batches per validation")
    log_every_s: float = opt(20.0, "print a progress line at least this often")
    save_every: int = opt(500, "write a resumable checkpoint every N steps")
    augment: bool = opt(True, "on-the-fly transposition (+-5) and velocity (+-1 bin), train only")
    dropout: float = opt(0.0, "attention dropout")
    seed: int = opt(1337, "RNG seed (sampler and init)")
    device: str = opt("auto", "auto | cpu | cuda")
    bf16: bool = opt(True, "bf16 autocast on CUDA (ignored on CPU)")
    compile: bool = opt(False, "torch.compile the model (CUDA only)")
    resume: bool = opt(True, "continue from out_dir/ckpt.pt if present")
    init_from: str = opt("", "fine-tune: start from these weights (a best.pt or a model's weights.pt)")
    threads: int = opt(0, "torch CPU threads (0 = torch default)")

    def model_args(self, vocab_size: int) -> dict:
        args = dict(PRESETS[self.preset])
        if self.context_length:
            args["context_length"] = self.context_length
        args["vocab_size"] = vocab_size
        return args

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "TrainConfig":
        known = {f.name for f in fields(cls)}
        return cls(**{k: (tuple(v) if k == "betas" else v) for k, v in d.items() if k in known})
