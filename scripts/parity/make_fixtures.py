"""Write the tokenizer test fixtures: small hand-made MIDI files covering the tricky cases, the
four parity tokenizers, and MidiTok 3.1's ids and decoded notes for each (test/fixtures/tokenizer).

Usage: make_fixtures.py TOKENIZER_DIR OUT_DIR   (TOKENIZER_DIR as written by make_tokenizers.py)
"""
import json
import shutil
import struct
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")

from miditok import REMI  # noqa: E402
from symusic import Score  # noqa: E402

from miditok_side import run  # noqa: E402

CONFIGS = ("defaults", "writeup", "shipped", "bpe", "programs", "programs_tracks")


def vlq(n: int) -> bytes:
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    return bytes(reversed(out))


def track(events) -> bytes:
    """events: (tick, bytes) in file order; sorted stably by tick."""
    data, now = b"", 0
    for tick, msg in sorted(events, key=lambda e: e[0]):
        data += vlq(tick - now) + msg
        now = tick
    data += b"\x00\xff\x2f\x00"
    return b"MTrk" + struct.pack(">I", len(data)) + data


def midi(tracks, tpq=480) -> bytes:
    return b"MThd" + struct.pack(">IHHH", 6, 1, len(tracks), tpq) + b"".join(map(track, tracks))


def on(t, p, v=100, c=0):
    return (t, bytes([0x90 | c, p, v]))


def off(t, p, c=0):
    return (t, bytes([0x80 | c, p, 0]))


def note(t, d, p, v=100, c=0):
    return [on(t, p, v, c), off(t + d, p, c)]


def prog(t, n, c=0):
    return (t, bytes([0xC0 | c, n]))


def cc(t, n, v, c=0):
    return (t, bytes([0xB0 | c, n, v]))


def tempo(t, bpm):
    return (t, b"\xff\x51\x03" + round(60_000_000 / bpm).to_bytes(3, "big"))


def timesig(t, n, d):
    return (t, b"\xff\x58\x04" + bytes([n, d.bit_length() - 1, 24, 8]))


def files() -> dict[str, bytes]:
    q = 480
    out = {}
    # Piano: chords, arpeggios, off-grid timing, triplets, long notes, tempo changes.
    ev = [tempo(0, 100), timesig(0, 4, 4), tempo(4 * q, 133.7), prog(0, 0)]
    for bar in range(4):
        base = bar * 4 * q
        for p in (60, 64, 67):
            ev += note(base, 2 * q, p, 70 + bar * 10)
        for i, p in enumerate((72, 76, 79, 84, 79, 76)):
            ev += note(base + 2 * q + i * q // 3 + (7 if i % 2 else 0), q // 3, p, 50 + i * 9)
        ev += note(base + 3 * q + 13, 5 * q, 48, 127)
    out["piano_chords_tempos"] = midi([ev])
    # Multi-track band with drums, program changes, overlapping same-pitch and zero-length notes.
    lead = [prog(0, 80, 1)] + note(0, 960, 72, 90, 1) + note(480, 960, 72, 60, 1) + [on(1920, 74, 80, 1), off(1920, 74, 1)]
    lead += note(2000, 300, 76, 100, 1) + [prog(2400, 81, 1)] + note(2400, 480, 77, 100, 1)
    bass = [prog(0, 33, 2)] + [x for i in range(16) for x in note(i * 240, 200, 36 + (i % 4) * 5, 100, 2)]
    drums = [x for i in range(32) for x in note(i * 120, 60, (36, 42, 38, 42)[i % 4], 100 if i % 2 == 0 else 64, 9)]
    drums += note(100, 50, 20, 100, 9)  # drum pitch outside the drum range
    out["band_drums"] = midi([[tempo(0, 150)], lead, bass, drums])
    # Time signatures: 3/4, a mid-bar 6/8 change, an unsupported 7/16, back to 4/4; tpq 96.
    q = 96
    ev = [timesig(0, 3, 4), timesig(3 * q * 2 + 40, 6, 8), timesig(3 * q * 2 + 6 * 48 * 2, 7, 16), timesig(3 * q * 2 + 6 * 48 * 3, 4, 4)]
    for i in range(40):
        ev += note(i * 37, 30 + (i * 13) % 200, 50 + (i * 7) % 30, 30 + (i * 11) % 97)
    out["meters_tpq96"] = midi([ev], tpq=96)
    # Sustain pedal, out-of-range pitches, rests across bars, tpq 1000.
    q = 1000
    ev = [cc(0, 64, 127), cc(1500, 64, 0), cc(2000, 64, 100), cc(2100, 64, 90), cc(3999, 64, 10), cc(9000, 64, 127), cc(9500, 64, 0)]
    ev += note(0, 500, 10, 80) + note(0, 500, 60, 80) + note(10, 700, 120, 80) + note(250, 333, 62, 1)
    ev += note(9 * q, 2 * q, 65, 100) + note(20 * q, 250, 67, 126) + note(20 * q + 125, 4100, 69, 33)
    out["pedals_rests_ranges"] = midi([ev], tpq=1000)
    # A short note right before a chord (MidiTok's chord scan narrows to the short note's onset),
    # and many tempo changes sharing ticks across two tracks (symusic's unstable pdqsort order).
    q = 480
    ev = []
    for bar in range(6):
        base = bar * 4 * q
        ev += note(base, 40, 55, 90)
        for p in (61, 64, 68, 71):
            ev += note(base + 40, 240, p, 100)
        ev += note(base + 2 * q, 100, 50, 70) + note(base + 2 * q + 20, 400, 62, 80) + note(base + 2 * q + 20, 400, 66, 80)
    tempos_a = [tempo((i % 9) * 2 * q, 60 + (i * 37) % 140) for i in range(70)]
    tempos_b = [tempo((i % 5) * 4 * q, 70 + (i * 53) % 120) for i in range(12)]
    out["chord_scan_tempo_ties"] = midi([tempos_a + ev, tempos_b])
    # Pedals sent before a channel's program change (symusic files them under the channel's "straggler",
    # which the next track of that channel takes over), and a pedal ending while its program has no track.
    ev = []
    for c in (0, 1, 2):
        ev += [cc(0, 64, 0, c), prog(0, 48 + c, c)] + note(0, 2 * q, 60 + c, 90, c) + note(4 * q, q, 64 + c, 90, c)
    ev += [prog(6 * q, 5, 1), cc(6 * q, 64, 127, 1), cc(7 * q, 64, 0, 1)] + note(8 * q, q, 67, 80, 1)
    ev += [cc(9 * q, 64, 127, 1), cc(10 * q, 64, 0, 1)]
    out["pedals_before_programs"] = midi([ev])
    return out


def summary_of(tokenizer, score):
    try:
        return run(tokenizer, score)
    except Exception as err:  # noqa: BLE001
        return {"error": f"{type(err).__name__}: {err}"}


def main() -> None:
    tok_dir, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    (out_dir / "tokenizers").mkdir(parents=True, exist_ok=True)
    tokenizers = {}
    for name in CONFIGS:
        shutil.copy(tok_dir / f"{name}.json", out_dir / "tokenizers" / f"{name}.json")
        tokenizers[name] = REMI(params=out_dir / "tokenizers" / f"{name}.json")
    expected = {}
    for name, data in files().items():
        path = out_dir / f"{name}.mid"
        path.write_bytes(data)
        score = Score(str(path))
        expected[name] = {cfg: summary_of(tok, score) for cfg, tok in tokenizers.items()}
    (out_dir / "expected.json").write_text(json.dumps(expected))


if __name__ == "__main__":
    main()
