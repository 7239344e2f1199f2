"""Jazz piano patterns over timed chords, in twelfths of a beat (the tokenizer's grid): voicings (shell,
rootless A/B, drop-2, voice-led toward the previous top note), comping rhythms, swung arpeggio and scale
lines, walking bass. Each returns (onset, length, pitch, velocity) tuples; randomness comes from the caller's RNG.
"""
from __future__ import annotations

from .jazz_charts import Chord

G = 12                      # grid units per beat (the tokenizer's finest resolution)
COMP_RHYTHMS = [  # per 4/4 bar: (onset in twelfths of a beat from the bar, length); 8 = swung offbeat
    [(0, 16), (20, 10)],                    # Charleston
    [(20, 10), (44, 10)],                   # and-of-2, and-of-4
    [(0, 10), (12, 10), (24, 10), (36, 10)],  # four to the bar
    [(8, 14), (32, 10)],                    # push on and-of-1, beat 3
    [(0, 22), (44, 14)],                    # half note + anticipation of the next bar
]


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
