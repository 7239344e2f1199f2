"""jazz: chord charts -> swung piano MIDI (our own JazzNet-like patterns), split by tune.

    python3 -m training jazz                                   # ../shared/data/jazz-standards -> training/out/jazz/{train,val}
    python3 -m training jazz --charts DIR --out DIR --seed 1 --choruses 2

Everything sits on the tokenizer's 12-per-beat grid: a swung 8th pair is 8 + 4 twelfths (the triplet
feel), so nothing is lost to quantization. Each chorus picks one texture (bass + comping, or left-hand
shells + a right-hand line); voicings are shell, rootless (A/B forms) and drop-2, voice-led to stay
near the previous one. One tune's RNG is seeded by (seed, title): same inputs, same bytes.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import os
import random

from symusic import Note, Score, Tempo, TimeSignature, Track

from .errors import BadInput
from .jazz_charts import beats_per_bar, chords_of, load_chart
from .jazz_patterns import G, TEXTURES, chorus, fit

TPQ = 480                   # MIDI ticks per beat in the files we write
VAL_PERCENT = 5             # share of tunes held out, chosen by title hash
TEMPO = {"ballad": 72, "slow": 90, "medium": 140, "up": 200, "bossa": 130, "latin": 150, "waltz": 150}


def tune_rng(seed: int, title: str) -> random.Random:
    return random.Random(int(hashlib.sha256(f"{seed}:{title}".encode()).hexdigest()[:16], 16))


def is_val(title: str) -> bool:
    return int(hashlib.md5(title.encode()).hexdigest(), 16) % 100 < VAL_PERCENT


def tune_score(chart: dict, seed: int = 0, choruses: int = 2) -> Score:
    """One tune: `choruses` passes through the changes, each in its own texture; two tracks (left, right)."""
    title = chart.get("Title", "")
    chords, bpb = chords_of(chart), beats_per_bar(chart)
    if not chords:
        raise BadInput(f"chart '{title}' has no chords")
    rng = tune_rng(seed, title)
    length = chords[-1].start + chords[-1].beats
    rhythm = (chart.get("Rhythm") or "medium").lower()
    bpm = next((v for k, v in TEMPO.items() if k in rhythm), 140)
    score = Score(TPQ)
    score.tempos.append(Tempo(0, bpm))
    score.time_signatures.append(TimeSignature(0, bpb, 4))
    left, right = Track("left", 0), Track("right", 0)
    for i, texture in enumerate(rng.sample(TEXTURES, min(choruses, len(TEXTURES)))):
        for track, notes in zip((left, right), chorus(chords, bpb, texture, rng)):
            for t, d, p, v in notes:
                tick = (t + i * length * G) * TPQ // G
                track.notes.append(Note(tick, fit(max(1, d)) * TPQ // G, p, min(max(v, 20), 120)))
    score.tracks.extend([left, right])
    return score


def picture(charts: list[dict], path: str, seed: int = 0, choruses: int = 2, bars: int = 8):
    """A piano roll (PNG) of the first `bars` bars of every chorus of each chart, one panel each."""
    from .pianoroll import panel, png_bytes, stack
    panels = []
    for chart in charts:
        score, chords, bpb = tune_score(chart, seed, choruses), chords_of(chart), beats_per_bar(chart)
        length = chords[-1].start + chords[-1].beats
        panels += [panel(score, i * length, bars * bpb, bpb, G) for i in range(choruses)]
    with open(path + ".tmp", "wb") as f:
        f.write(png_bytes(stack(panels)))
    os.replace(path + ".tmp", path)


def generate(charts: str, out: str, seed: int = 0, choruses: int = 2) -> dict:
    files = sorted(glob.glob(os.path.join(charts, "*.json")))
    if not files:
        raise BadInput(f"no .json chord charts in {charts}")
    counts = {"train": 0, "val": 0, "skipped": 0, "notes": 0}
    for split in ("train", "val"):
        os.makedirs(os.path.join(out, split), exist_ok=True)
    for f in files:
        chart = load_chart(f)
        try:
            score = tune_score(chart, seed, choruses)
        except BadInput:
            counts["skipped"] += 1
            continue
        split = "val" if is_val(chart.get("Title", f)) else "train"
        name = os.path.splitext(os.path.basename(f))[0] + ".mid"
        tmp = os.path.join(out, split, "." + name + ".tmp")
        score.dump_midi(tmp)
        os.replace(tmp, os.path.join(out, split, name))
        counts[split] += 1
        counts["notes"] += score.note_num()
    print(f"jazz: {len(files)} charts -> {out}: train {counts['train']}, val {counts['val']} tunes, "
          f"{counts['notes']:,} notes, skipped {counts['skipped']} (no chords)")
    return counts


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m training jazz", description=__doc__.split("\n")[0])
    ap.add_argument("--charts", default="../shared/data/jazz-standards", help="folder of chord-chart .json files")
    ap.add_argument("--out", default="training/out/jazz", help="output folder (train/ and val/ inside)")
    ap.add_argument("--seed", type=int, default=0, help="generator seed")
    ap.add_argument("--choruses", type=int, default=2, help="passes through the changes per tune (1-5)")
    ap.add_argument("--picture", help="also write a piano-roll PNG of the first two validation tunes here")
    a = ap.parse_args(argv)
    if not 1 <= a.choruses <= len(TEXTURES):
        raise BadInput(f"--choruses must be 1..{len(TEXTURES)}, got {a.choruses}")
    generate(a.charts, a.out, a.seed, a.choruses)
    if a.picture:
        charts = [load_chart(f) for f in sorted(glob.glob(os.path.join(a.charts, "*.json")))]
        picture([c for c in charts if is_val(c.get("Title", ""))][:2], a.picture, a.seed, a.choruses)
