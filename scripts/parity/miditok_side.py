"""MidiTok side of the parity harness: encode (and decode) files with miditok 3.1.

Usage: miditok_side.py TOKENIZER_DIR FILE_LIST OUT_PREFIX
Writes OUT_PREFIX.<config>.jsonl for each config; each line: {"file", "ids": [[...]], "notes": decoded summary} or {"file", "error"}.
"""
import json
import os
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")

from miditok import REMI  # noqa: E402
from symusic import Score  # noqa: E402


def summarize(score) -> dict:
    """The decoded score in a form both sides can print identically."""
    return {
        "tpq": score.ticks_per_quarter,
        "tracks": [
            {
                "program": t.program,
                "drum": t.is_drum,
                "notes": [[n.time, n.duration, n.pitch, n.velocity] for n in t.notes],
            }
            for t in score.tracks
        ],
        "tempos": [[t.time, round(t.qpm, 2)] for t in score.tempos],
        "timeSignatures": [[t.time, t.numerator, t.denominator] for t in score.time_signatures],
    }


CONFIGS = tuple(os.environ.get("PARITY_CONFIGS", "defaults writeup shipped bpe").split())


def run(tokenizer, score) -> dict:
    seqs = tokenizer.encode(score)
    seqs = seqs if isinstance(seqs, list) else [seqs]
    ids = [list(map(int, s.ids)) for s in seqs]
    decoded = tokenizer.decode(ids[0] if tokenizer.one_token_stream else ids)
    return {"ids": ids, "notes": summarize(decoded)}


def main() -> None:
    tok_dir, list_path, out_prefix = sys.argv[1:4]
    tokenizers = {name: REMI(params=Path(tok_dir) / f"{name}.json") for name in CONFIGS}
    outs = {name: open(f"{out_prefix}.{name}.jsonl", "w") for name in CONFIGS}
    for f in Path(list_path).read_text().splitlines():
        try:
            score = Score(f)
        except Exception as err:  # noqa: BLE001 - any load failure is a result
            for out in outs.values():
                out.write(json.dumps({"file": f, "error": f"load: {type(err).__name__}"}) + "\n")
            continue
        for name, tokenizer in tokenizers.items():
            rec = {"file": f}
            try:
                rec.update(run(tokenizer, score))
            except Exception as err:  # noqa: BLE001
                rec["error"] = f"encode: {type(err).__name__}: {err}"[:200]
            outs[name].write(json.dumps(rec) + "\n")
    for out in outs.values():
        out.close()


if __name__ == "__main__":
    main()
