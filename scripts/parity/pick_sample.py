"""Pick the parity sample (scripts/parity/sample.txt): the files of the full harness that carry the cases
that broke parity before, plus an even spread of each corpus.

Usage: pick_sample.py DATA VGMUSIC_DIR > scripts/parity/sample.txt
  DATA: the shared data folder; VGMUSIC_DIR: where the full harness's VGMusic subset is extracted
  (every 11th member of vgmusic.tar.gz in sorted order, as scripts/parity.sh does).
Each feature takes its few smallest files (small files keep `npm test` fast). A line is a path under DATA;
lines starting with vgmusic/ are members of vgmusic/vgmusic.tar.gz.
"""
import os
import struct
import sys
import warnings
from collections import defaultdict

warnings.filterwarnings("ignore")

from symusic import Score  # noqa: E402

PER_FEATURE = 3
SPREAD = {"vgmidi": 6, "nottingham": 5, "vgmusic": 8}
# Files no cheap feature singles out, found by undoing a past fix and seeing which files then differ.
KNOWN = {
    # tempo order at equal ticks: symusic's pdqsort is unstable only past 24 tempos (insertion sort below)
    "tempo_order_pdqsort": ["vgmidi/train/Other_PC_The_Sims_Bittersweet.mid",
                            "vgmidi/val/Other_PC_Aion_Tower_of_Eternity_Song_of_Moonlight.mid",
                            "vgmidi/val/Other_PC_Aion_Tower_of_Eternity_Forgotten_Sorrow.mid"],
}


def varint(body: bytes, i: int):
    """-> (value, index after it) of a MIDI variable-length quantity at body[i]."""
    value = 0
    while True:
        b = body[i]; i += 1
        value = (value << 7) | (b & 0x7F)
        if b < 0x80:
            return value, i


def raw_events(data: bytes):
    """-> (declared track count, chunk count, [(track, tick, status, bytes)]) from a plain SMF parse.
    Stops quietly at the first malformed byte: only the features below need it."""
    events, ntracks, chunks, pos = [], 0, 0, 0
    if data[:4] == b"MThd" and len(data) >= 14:
        ntracks = struct.unpack(">H", data[10:12])[0]
        pos = 8 + struct.unpack(">I", data[4:8])[0]
    while pos + 8 <= len(data) and data[pos:pos + 4] == b"MTrk":
        size = struct.unpack(">I", data[pos + 4:pos + 8])[0]
        body, pos, chunks = data[pos + 8:pos + 8 + size], pos + 8 + size, chunks + 1
        i, tick, running = 0, 0, 0
        try:
            while i < len(body):
                delta, i = varint(body, i)
                tick += delta
                status = body[i]
                if status >= 0x80:
                    i += 1
                    if status < 0xF0:
                        running = status
                else:
                    status = running
                if status == 0xFF:
                    kind, n = body[i], body[i + 1]; i += 2 + n
                    events.append((chunks, tick, 0xFF, bytes([kind])))
                elif status in (0xF0, 0xF7):
                    n, i = varint(body, i)
                    i += n
                else:
                    n = 1 if status & 0xF0 in (0xC0, 0xD0) else 2
                    events.append((chunks, tick, status, body[i:i + n])); i += n
        except IndexError:
            pass
    return ntracks, chunks, events


def features(path: str) -> set:
    out = set()
    try:
        score = Score(path)
    except Exception:  # noqa: BLE001
        return {"refused"}
    data = open(path, "rb").read()
    ntracks, chunks, events = raw_events(data)
    if chunks > ntracks:
        out.add("undeclared_tracks")
    ties = defaultdict(set)
    for t in score.tempos:
        ties[t.time].add(round(t.qpm, 2))
    if any(len(v) > 1 for v in ties.values()):
        out.add("tempo_ties")
    ts = defaultdict(set)
    for t in score.time_signatures:
        ts[t.time].add((t.numerator, t.denominator))
    if any(len(v) > 1 for v in ts.values()):
        out.add("time_signature_ties")
    if len({(t.numerator, t.denominator) for t in score.time_signatures}) > 2:
        out.add("meter_changes")
    if any(t.denominator not in (2, 4) for t in score.time_signatures):
        out.add("eighth_meters")
    if score.ticks_per_quarter % 12:
        out.add("odd_tpq")
    if any(t.is_drum for t in score.tracks):
        out.add("drums")
    # Per track chunk and channel: a pedal before the channel's first note/program (symusic's straggler),
    # a pedal-up first on channels 1-15 (their initial pedal state is down), pedals after the last onset.
    last_onset = max((tick for _, tick, s, b in events if s & 0xF0 == 0x90 and b[1:2] != b"\x00"), default=-1)
    state = {}
    for trk, tick, s, b in events:
        kind, ch = s & 0xF0, s & 0x0F
        key = (trk, ch)
        if kind == 0xB0 and b[:1] == b"\x40":
            if key not in state:
                state[key] = "pedal_first"
                if ch and len(b) > 1 and b[1] < 64:
                    out.add("pedal_up_first_on_channel_1_15")
            if tick > last_onset >= 0:
                out.add("pedal_after_last_onset")
        elif kind == 0xC0:
            if state.get(key) == "pedal_first":
                out.add("pedal_before_program")
            state[key] = "program"
        elif kind == 0x90:
            state.setdefault(key, "note")
    tpq = score.ticks_per_quarter
    for t in score.tracks:
        notes = sorted((n.time, n.duration, n.pitch) for n in t.notes)
        for i, (t0, d0, _) in enumerate(notes):
            if d0 <= tpq // 2 and (i == 0 or notes[i - 1][0] < t0):
                later = [n for n in notes[i + 1:i + 10] if t0 < n[0] <= t0 + tpq / 12]
                if len(later) >= 2:
                    out.add("short_note_before_chord")
                    break
    if not out:
        out.add("plain")
    return out


def main() -> None:
    data, vg = sys.argv[1], sys.argv[2]
    files = []
    for corpus in ("vgmidi", "nottingham"):
        for root, _, names in os.walk(os.path.join(data, corpus)):
            files += [os.path.relpath(os.path.join(root, n), data) for n in names if n.lower().endswith((".mid", ".midi"))]
    for root, _, names in os.walk(os.path.join(vg, "vgmusic")):
        files += [os.path.relpath(os.path.join(root, n), vg) for n in names if n.lower().endswith((".mid", ".midi"))]
    files.sort()
    full = lambda f: os.path.join(vg if f.startswith("vgmusic/") else data, f)  # noqa: E731
    by_feature = defaultdict(list)
    for k, f in enumerate(files):
        for feat in features(full(f)):
            by_feature[feat].append(f)
        if k % 500 == 0:
            print(f"pick_sample: {k}/{len(files)}", file=sys.stderr)
    size = lambda f: os.path.getsize(full(f))  # noqa: E731
    picked = {f: feat for feat, fs in KNOWN.items() for f in fs}
    for feat, fs in sorted(by_feature.items()):
        n = len(fs) if feat == "refused" else PER_FEATURE
        for f in sorted(fs, key=size)[:n]:
            picked.setdefault(f, feat)
    for corpus, n in SPREAD.items():
        fs = [f for f in files if f.startswith(corpus + "/")]
        for f in fs[:: max(1, len(fs) // n)][:n]:
            picked.setdefault(f, "spread")
    for feat, fs in sorted(by_feature.items()):
        print(f"pick_sample: {feat}: {len(fs)} files, {sum(1 for f in fs if f in picked)} picked", file=sys.stderr)
    for f in sorted(picked):
        print(f)


if __name__ == "__main__":
    main()
