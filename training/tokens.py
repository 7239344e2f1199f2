"""MIDI -> one merged pitched track -> MidiTok REMI ids. The TypeScript side merges identically
(src/tokenizer: mergeToSingleTrack): drums dropped, all pitched notes in one track sorted by (start, pitch), program 0."""
from __future__ import annotations

import json

from miditok import REMI, TokenizerConfig
from symusic import Score, Track

from .config import TOKENIZERS
from .errors import BadInput


def make_tokenizer(name_or_cfg) -> REMI:
    cfg = TOKENIZERS[name_or_cfg] if isinstance(name_or_cfg, str) else name_or_cfg
    return REMI(TokenizerConfig(**cfg))


def load_tokenizer(path: str) -> REMI:
    try:
        return REMI(params=path)
    except FileNotFoundError:
        raise BadInput(f"tokenizer file not found: {path}")
    except (json.JSONDecodeError, KeyError, TypeError) as e:
        raise BadInput(f"not a MidiTok tokenizer file: {path} ({e})")


def merge_tracks(score: Score) -> Score:
    """All pitched notes in one program-0 track, sorted by (start, pitch); tempos/time signatures kept."""
    notes = [n for t in score.tracks if not t.is_drum for n in t.notes]
    notes.sort(key=lambda n: (n.time, n.pitch))
    merged = Track(name="merged", program=0, is_drum=False)
    merged.notes.extend(notes)
    out = score.copy()
    out.tracks.clear()
    out.tracks.append(merged)
    return out


def read_score(path: str) -> Score | None:
    """The merged score, or None if the file is unreadable or has no pitched notes."""
    try:
        score = Score(path)
    except Exception:
        return None
    score = merge_tracks(score)
    return score if score.note_num() > 0 else None


def encode(tok: REMI, score: Score) -> list[int]:
    """Token ids of a merged score (no BOS/EOS)."""
    seqs = tok.encode(score)
    seq = seqs[0] if isinstance(seqs, list) else seqs
    return list(seq.ids)


def vocab_groups(tok: REMI) -> dict:
    """Token-id facts the sampler and evaluator need without miditok (the GPU machine lacks it):
    pitch ids by pitch (for transposition), velocity ids in value order (for +-1 bin), specials, Bar id.
    A trained (BPE) tokenizer also lists `bar_ids`: every learned id whose base tokens start with a Bar (MidiTok
    splits per bar, so a Bar only ever opens a merged id), and its vocab_size counts the learned ids."""
    v = tok.vocab
    pitch = {int(k.split("_")[1]): i for k, i in v.items() if k.startswith("Pitch_")}
    vel = sorted(((int(k.split("_")[1]), i) for k, i in v.items() if k.startswith("Velocity_")))
    g = {
        "vocab_size": len(tok),
        "pad_id": v["PAD_None"], "bos_id": v["BOS_None"], "eos_id": v["EOS_None"], "bar_id": v["Bar_None"],
        "pitch_ids": {str(p): i for p, i in sorted(pitch.items())},
        "velocity_ids": [i for _, i in vel],
    }
    if tok.is_trained:
        g["bpe"] = True
        g["bar_ids"] = [i for i, base in enumerate(learned_base_tokens(tok)) if base[:1] == ["Bar_None"]]
    return g


def learned_base_tokens(tok: REMI) -> list[list[str]]:
    """The base tokens each learned id stands for, by id (MidiTok's byte maps, read once)."""
    out: list[list[str]] = [[] for _ in range(len(tok))]
    for piece, i in tok.vocab_model.items():
        out[i] = list(tok._vocab_learned_bytes_to_tokens.get(piece, []))
    return out
