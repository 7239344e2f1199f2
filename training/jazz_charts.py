"""Jazz chord charts (mikeoliphant/JazzStandards JSON, from iReal Pro) -> a list of timed chords.

A chart is sections of bars; a bar is "|"-separated, its chords ","-separated and sharing the bar evenly.
"" repeats the previous chord; "X(Y)" is X with an alternate Y (dropped); a section's Endings each follow
its main segment once, as played.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .errors import BadInput

PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}

# quality -> (chord tones above the root, scale for runs), both as semitones. The first four tones are
# root, 3rd, 5th, 7th (or 6th); what follows are the tensions a rootless voicing may use.
DOM = (0, 4, 7, 10, 14, 21)
QUALITIES = {
    "": ((0, 4, 7, 11, 14), (0, 2, 4, 5, 7, 9, 11)),        # a plain triad is played as maj7 (jazz practice)
    "maj7": ((0, 4, 7, 11, 14), (0, 2, 4, 5, 7, 9, 11)),
    "maj9": ((0, 4, 7, 11, 14), (0, 2, 4, 5, 7, 9, 11)),
    "maj7#11": ((0, 4, 7, 11, 14, 18), (0, 2, 4, 6, 7, 9, 11)),
    "6": ((0, 4, 7, 9, 14), (0, 2, 4, 5, 7, 9, 11)),
    "69": ((0, 4, 7, 9, 14), (0, 2, 4, 5, 7, 9, 11)),
    "m": ((0, 3, 7, 10, 14), (0, 2, 3, 5, 7, 9, 10)),
    "m7": ((0, 3, 7, 10, 14, 17), (0, 2, 3, 5, 7, 9, 10)),
    "m9": ((0, 3, 7, 10, 14, 17), (0, 2, 3, 5, 7, 9, 10)),
    "m11": ((0, 3, 7, 10, 14, 17), (0, 2, 3, 5, 7, 9, 10)),
    "m6": ((0, 3, 7, 9, 14), (0, 2, 3, 5, 7, 9, 11)),
    "m/maj7": ((0, 3, 7, 11, 14), (0, 2, 3, 5, 7, 9, 11)),
    "m7b5": ((0, 3, 6, 10, 17), (0, 1, 3, 5, 6, 8, 10)),
    "0": ((0, 3, 6, 9), (0, 2, 3, 5, 6, 8, 9, 11)),          # diminished
    "07": ((0, 3, 6, 9), (0, 2, 3, 5, 6, 8, 9, 11)),
    "7": (DOM, (0, 2, 4, 5, 7, 9, 10)),
    "9": (DOM, (0, 2, 4, 5, 7, 9, 10)),
    "13": (DOM, (0, 2, 4, 5, 7, 9, 10)),
    "7sus": ((0, 5, 7, 10, 14), (0, 2, 4, 5, 7, 9, 10)),
    "7b9": ((0, 4, 7, 10, 13, 21), (0, 1, 3, 4, 6, 7, 9, 10)),
    "7#9": ((0, 4, 7, 10, 15), (0, 1, 3, 4, 6, 8, 10)),
    "7alt": ((0, 4, 8, 10, 15), (0, 1, 3, 4, 6, 8, 10)),
    "7#5": ((0, 4, 8, 10, 14), (0, 2, 4, 6, 8, 10)),
    "7b13": ((0, 4, 7, 10, 14, 20), (0, 2, 4, 5, 7, 8, 10)),
    "7#11": ((0, 4, 7, 10, 14, 18), (0, 2, 4, 6, 7, 9, 10)),
    "aug": ((0, 4, 8, 10, 14), (0, 2, 4, 6, 8, 10)),
}


def quality(q: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The table's entry, else the nearest family by the symbol's start (so '13#11' plays as '13')."""
    if q in QUALITIES:
        return QUALITIES[q]
    for pre, fam in (("maj", "maj7"), ("m7b5", "m7b5"), ("m", "m7"), ("0", "07"), ("7b9", "7b9"), ("7#9", "7#9"),
                     ("7#5", "7#5"), ("7b5", "7#11"), ("7sus", "7sus"), ("9sus", "7sus"), ("13sus", "7sus"),
                     ("sus", "7sus"), ("7", "7"), ("9", "9"), ("13", "13"), ("6", "6"), ("add", "")):
        if q.startswith(pre):
            return QUALITIES[fam]
    return QUALITIES["7"]


@dataclass(frozen=True)
class Chord:
    root: int          # pitch class 0..11
    tones: tuple       # semitones above the root (root, 3rd, 5th, 7th, tensions)
    scale: tuple       # chord scale, semitones above the root
    bass: int          # pitch class of the bass (the slash note, else the root)
    start: int         # beat from the tune's start
    beats: int


SYMBOL = re.compile(r"^([A-G][b#]?)([^/(]*)(?:/([A-G][b#]?))?")


def pitch_class(name: str) -> int:
    pc = PC[name[0]] + name[1:].count("#") - name[1:].count("b")
    return pc % 12


def parse_symbol(sym: str) -> tuple[int, str, int] | None:
    """'Bbm7/F' -> (10, 'm7', 5); '' or '(C7)' -> None (the previous chord holds)."""
    m = SYMBOL.match(sym.strip())
    if not m:
        return None
    root = pitch_class(m.group(1))
    return root, m.group(2), pitch_class(m.group(3)) if m.group(3) else root


def beats_per_bar(chart: dict) -> int:
    ts = chart.get("TimeSignature") or "4/4"
    try:
        num, den = (int(x) for x in ts.split("/"))
    except ValueError:
        raise BadInput(f"chart '{chart.get('Title')}': bad TimeSignature {ts!r}")
    return max(1, num * 4 // den)


def bars_of(chart: dict) -> list[str]:
    """The chart's bars in playing order (each ending after its main segment)."""
    bars = []
    for sec in chart.get("Sections", []):
        main = sec.get("MainSegment", {}).get("Chords", "")
        endings = [e.get("Chords", "") for e in sec.get("Endings", [])] or [""]
        for end in endings:
            bars += [b for b in (main + ("|" + end if end else "")).split("|")]
    return bars


def chords_of(chart: dict) -> list[Chord]:
    """Timed chords of one chorus; the bar's chords share its beats evenly (the last takes the rest)."""
    bpb, out, prev, beat = beats_per_bar(chart), [], None, 0
    for bar in bars_of(chart):
        syms = bar.split(",")
        each = max(1, bpb // len(syms))
        for i, sym in enumerate(syms):
            n = each if i < len(syms) - 1 else bpb - each * (len(syms) - 1)
            if n <= 0:
                continue
            p = parse_symbol(sym) or prev
            if p is None:
                beat += n
                continue
            tones, scale = quality(p[1])
            if out and p == prev and out[-1].start + out[-1].beats == beat:
                last = out.pop()  # a held chord: one longer chord
                out.append(Chord(last.root, last.tones, last.scale, last.bass, last.start, last.beats + n))
            else:
                out.append(Chord(p[0], tones, scale, p[2], beat, n))
            prev, beat = p, beat + n
    return out


def load_chart(path: str) -> dict:
    try:
        with open(path) as f:
            chart = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise BadInput(f"not a chord chart: {path} ({e})")
    if not isinstance(chart, dict) or "Sections" not in chart:
        raise BadInput(f"not a chord chart (no Sections): {path}")
    return chart
