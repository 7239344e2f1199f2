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
from .jazz_charts import Chord, beats_per_bar, chords_of, load_chart

G = 12                      # grid units per beat (the tokenizer's finest resolution)
TPQ = 480                   # MIDI ticks per beat in the files we write
VAL_PERCENT = 5             # share of tunes held out, chosen by title hash
TEMPO = {"ballad": 72, "slow": 90, "medium": 140, "up": 200, "bossa": 130, "latin": 150, "waltz": 150}
COMP_RHYTHMS = [  # per 4/4 bar: (onset in twelfths of a beat from the bar, length); 8 = swung offbeat
    [(0, 16), (20, 10)],                    # Charleston
    [(20, 10), (44, 10)],                   # and-of-2, and-of-4
    [(0, 10), (12, 10), (24, 10), (36, 10)],  # four to the bar
    [(8, 14), (32, 10)],                    # push on and-of-1, beat 3
    [(0, 22), (44, 14)],                    # half note + anticipation of the next bar
]


def tune_rng(seed: int, title: str) -> random.Random:
    return random.Random(int(hashlib.sha256(f"{seed}:{title}".encode()).hexdigest()[:16], 16))


def is_val(title: str) -> bool:
    return int(hashlib.md5(title.encode()).hexdigest(), 16) % 100 < VAL_PERCENT


def near(pc: int, target: int) -> int:
    """The pitch of class pc closest to target."""
    return target + ((pc - target + 6) % 12) - 6


def place(pcs: list[int], top: int) -> list[int]:
    """Stack pitch classes upward from below top so the highest lands near top (close position)."""
    out = [near(pcs[0], top - 12)]
    for pc in pcs[1:]:
        out.append(out[-1] + (pc - out[-1]) % 12 or 12)
    return out


def shell(c: Chord, rng) -> list[int]:
    third, seventh = (c.root + c.tones[1]) % 12, (c.root + c.tones[3]) % 12
    upper = [third, seventh] if rng.random() < 0.5 else [seventh, third]
    bass, up = near(c.bass, 41), place(upper, 60)
    return [bass] + [p + 12 * (up[0] <= bass) for p in up]


def rootless(c: Chord, prev_top: int) -> list[int]:
    t = [(c.root + i) % 12 for i in c.tones]
    nine = (c.root + (c.tones[4] if len(c.tones) > 4 else 2)) % 12
    forms = [[t[1], t[2], t[3], nine], [t[3], nine, t[1], t[2]]]  # A form (3 5 7 9), B form (7 9 3 5)
    return min((place(f, prev_top) for f in forms), key=lambda v: abs(v[-1] - prev_top))


def drop2(c: Chord, prev_top: int) -> list[int]:
    t = [(c.root + i) % 12 for i in c.tones[:4]]
    best = None
    for inv in range(4):
        close = place(t[inv:] + t[:inv], prev_top)
        v = sorted(close[:2] + [close[2] - 12] + close[3:])
        if best is None or abs(v[-1] - prev_top) < abs(best[-1] - prev_top):
            best = v
    return best


def chord_at(chords: list[Chord], beat: float) -> Chord:
    for c in chords:
        if c.start <= beat < c.start + c.beats:
            return c
    return chords[-1]


def walking_bass(chords: list[Chord], rng, vel: int) -> list[tuple]:
    """Quarter notes: the chord's bass on its first beat, chord/scale tones between, and a chromatic or
    fifth-above approach into the next chord's bass on the beat before a change."""
    notes, prev = [], 36
    total = chords[-1].start + chords[-1].beats
    for b in range(total):
        c, nxt = chord_at(chords, b), (chord_at(chords, b + 1) if b + 1 < total else chords[0])
        if b == c.start:
            p = near(c.bass, prev)
        elif nxt.start == b + 1 and nxt is not c or b == total - 1:
            target = near(nxt.bass, prev)
            p = target + rng.choice([-1, 1, 7 - 12])
        else:
            pcs = [(c.root + i) % 12 for i in (c.scale if rng.random() < 0.4 else c.tones[:4])]
            p = near(rng.choice([pc for pc in pcs if pc != prev % 12]), prev + rng.choice([-4, -2, 2, 4]))
        p += 12 * ((p < 28) - (p > 52))  # fold back into the bass register, keeping the pitch class
        notes.append((b * G, G - 1, p, vel + rng.randint(-6, 6)))
        prev = p
    return notes


def comping(chords: list[Chord], bpb: int, rng, vel: int, voicing: str) -> list[tuple]:
    notes, top = [], 70
    total = chords[-1].start + chords[-1].beats
    hits = [(bar * G + on, length) for bar in range(0, total, bpb) for on, length in rng.choice(COMP_RHYTHMS)
            if on < bpb * G]
    for i, (t, length) in enumerate(hits):
        if i + 1 < len(hits):
            length = min(length, hits[i + 1][0] - t - 1)  # a voicing lifts before the next hit
        else:
            length = min(length, total * G - t)
        c = chord_at(chords, (t + 4) / G)   # a hit just before a change anticipates the new chord
        v = rootless(c, top) if voicing == "rootless" else drop2(c, top)
        top = min(max(v[-1], 64), 78)
        notes += [(t, length, p, vel + rng.randint(-8, 8)) for p in v]
    return notes


def line(chords: list[Chord], rng, vel: int, kind: str) -> list[tuple]:
    """A right-hand line of swung 8ths (sometimes triplets): arpeggios over chord tones, or scale runs,
    turning round at the range's edges."""
    notes, p, up = [], 67, True
    total = chords[-1].start + chords[-1].beats
    for b in range(total):
        c = chord_at(chords, b)
        pcs = sorted({(c.root + i) % 12 for i in (c.tones if kind == "arpeggio" else c.scale)})
        if rng.random() < 0.08:   # a breath between phrases
            continue
        steps = [(0, 8), (8, 4)] if rng.random() < 0.8 else [(0, 4), (4, 4), (8, 4)]
        for on, length in steps:
            up = p < 62 or (p <= 84 and up != (rng.random() < 0.12))  # turn at the edges, now and then inside
            cands = [q for q in range(p + 1, p + 13) if q % 12 in pcs] if up else \
                    [q for q in range(p - 12, p) if q % 12 in pcs][::-1]
            p = cands[0]
            accent = 6 if on == 8 else 0  # jazz phrasing leans on the offbeat
            notes.append((b * G + on, length, p, vel + accent + rng.randint(-6, 6)))
    return notes


def shells_held(chords: list[Chord], rng, vel: int) -> list[tuple]:
    """A left-hand shell per chord, re-struck every 4 beats of a long chord."""
    out = []
    for c in chords:
        v = shell(c, rng)
        for b in range(c.start, c.start + c.beats, 4):
            n = min(4, c.start + c.beats - b)
            out += [(b * G, n * G - 2, p, vel + rng.randint(-5, 5)) for p in v]
    return out


def fit(d: int) -> int:
    """The longest duration <= d that the tokenizer's duration grid holds exactly (twelfths of a beat up to
    1 beat, sixths to 2, thirds to 4, whole beats beyond: config.OURS beat_res)."""
    return d if d <= G else d - d % 2 if d <= 2 * G else d - d % 4 if d <= 4 * G else d - d % G


TEXTURES = ["walk+rootless", "walk+drop2", "shells+arpeggio", "shells+scale", "walk+arpeggio"]


def chorus(chords: list[Chord], bpb: int, texture: str, rng) -> tuple[list, list]:
    """(left-hand notes, right-hand notes) of one pass through the changes."""
    left, right = texture.split("+")
    lo = walking_bass(chords, rng, 78) if left == "walk" else shells_held(chords, rng, 62)
    hi = comping(chords, bpb, rng, 66, right) if right in ("rootless", "drop2") else line(chords, rng, 76, right)
    return lo, hi


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
