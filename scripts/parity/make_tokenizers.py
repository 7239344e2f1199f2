"""Write the four parity tokenizers (MidiTok 3.1 REMI) into OUT_DIR.

defaults: TokenizerConfig() as is; writeup: the original write-up's REMI; shipped: the model's
tokenizer (team contract); bpe: the shipped config trained with BPE (vocab 1000) on TRAIN_LIST.
Usage: make_tokenizers.py OUT_DIR TRAIN_LIST
"""
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")

from miditok import REMI, TokenizerConfig  # noqa: E402

SHIPPED = dict(
    pitch_range=(21, 109), beat_res={(0, 1): 12, (1, 2): 6, (2, 4): 3, (4, 8): 1},
    num_velocities=16, special_tokens=["PAD", "BOS", "EOS"], use_chords=False, use_rests=False,
    use_tempos=False, use_time_signatures=True, use_sustain_pedals=False, use_programs=False,
)
WRITEUP = dict(
    beat_res={(0, 1): 12, (1, 2): 4, (2, 4): 2, (4, 8): 1}, num_velocities=24,
    special_tokens=["PAD", "BOS", "EOS"], use_chords=True, use_rests=True, use_tempos=True,
    use_time_signatures=True,
)

# Extra configs for the fixtures (and PARITY_CONFIGS): programs in one stream with pedals, tempos
# and rests; programs per track with pedal durations and chords named with their root.
PROGRAMS = dict(
    use_programs=True, one_token_stream_for_programs=True, use_sustain_pedals=True, use_tempos=True,
    use_rests=True, special_tokens=["PAD", "BOS", "EOS"],
)
PROGRAMS_TRACKS = dict(
    use_programs=True, one_token_stream_for_programs=False, use_sustain_pedals=True,
    sustain_pedal_duration=True, use_chords=True, chord_tokens_with_root_note=True,
    num_velocities=8, beat_res={(0, 2): 6, (2, 16): 2}, use_time_signatures=False,
)


def main() -> None:
    out, train_list = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    REMI(TokenizerConfig()).save(out / "defaults.json")
    REMI(TokenizerConfig(**WRITEUP)).save(out / "writeup.json")
    REMI(TokenizerConfig(**SHIPPED)).save(out / "shipped.json")
    REMI(TokenizerConfig(**PROGRAMS)).save(out / "programs.json")
    REMI(TokenizerConfig(**PROGRAMS_TRACKS)).save(out / "programs_tracks.json")
    bpe = REMI(TokenizerConfig(**SHIPPED))
    files = [Path(p) for p in train_list.read_text().splitlines() if p]
    bpe.train(vocab_size=1000, model="BPE", files_paths=files)
    bpe.save(out / "bpe.json")


if __name__ == "__main__":
    main()
