"""MidiTok side of the parity harness: encode (and decode) files with miditok 3.1.

Usage: miditok_side.py TOKENIZER_DIR FILE_LIST OUT_PREFIX
Writes OUT_PREFIX.<config>.jsonl for each config; each line: {"file", "ids": [[...]], "notes": decoded summary} or {"file", "error"}.
"""
import copy
import json
import os
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")

from miditok import REMI, TokSequence  # noqa: E402
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


# "shipped" must come before "bpe": the BPE run reuses its base tokens.
CONFIGS = tuple(os.environ.get("PARITY_CONFIGS", "defaults writeup shipped bpe").split())


def run(tokenizer, score, keep_tokens=False) -> dict:
    seqs = tokenizer.encode(score)
    seqs = seqs if isinstance(seqs, list) else [seqs]
    ids = [list(map(int, s.ids)) for s in seqs]
    decoded = tokenizer.decode(ids[0] if tokenizer.one_token_stream else ids)
    result = {"ids": ids, "notes": summarize(decoded)}
    if keep_tokens:
        result["tokens"] = seqs
    return result


def run_bpe(tokenizer, shipped_tokens, shipped_result) -> dict:
    """BPE on top of the shipped config's base tokens, saving one full encode and decode.

    MidiTok's encode() on the trained tokenizer is _score_to_tokens (the same base tokens, as the
    base configs are equal) followed by encode_token_ids; its decode() is decode_token_ids followed
    by the base decoding, so equal base ids give the shipped config's decoded notes.
    """
    seqs = copy.deepcopy(shipped_tokens)
    tokenizer.encode_token_ids(seqs)
    ids = [list(map(int, s.ids)) for s in seqs]
    back = [TokSequence(ids=list(s), are_ids_encoded=True) for s in ids]
    tokenizer.decode_token_ids(back)
    if [list(map(int, s.ids)) for s in back] != shipped_result["ids"]:
        return {"ids": ids, "notes": {"error": "BPE ids do not expand to the base ids"}}
    return {"ids": ids, "notes": shipped_result["notes"]}


def main() -> None:
    tok_dir, list_path, out_prefix = sys.argv[1:4]
    tokenizers = {name: REMI(params=Path(tok_dir) / f"{name}.json") for name in CONFIGS}
    shortcut = "bpe" in tokenizers and "shipped" in tokenizers
    outs = {name: open(f"{out_prefix}.{name}.jsonl", "w") for name in CONFIGS}
    for f in Path(list_path).read_text().splitlines():
        try:
            score = Score(f)
        except Exception as err:  # noqa: BLE001 - any load failure is a result
            for out in outs.values():
                out.write(json.dumps({"file": f, "error": f"load: {type(err).__name__}"}) + "\n")
            continue
        shipped = None
        for name, tokenizer in tokenizers.items():
            rec = {"file": f}
            try:
                if name == "bpe" and shortcut:
                    if shipped is None:
                        raise RuntimeError(shipped_error)
                    rec.update(run_bpe(tokenizer, *shipped))
                else:
                    result = run(tokenizer, score, keep_tokens=name == "shipped")
                    if name == "shipped":
                        shipped = (result.pop("tokens"), result)
                    rec.update(result)
            except Exception as err:  # noqa: BLE001
                rec["error"] = f"encode: {type(err).__name__}: {err}"[:200]
                if name == "shipped":
                    shipped_error = rec["error"]
            outs[name].write(json.dumps(rec) + "\n")
    for out in outs.values():
        out.close()


if __name__ == "__main__":
    main()
