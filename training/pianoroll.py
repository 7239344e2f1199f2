"""A piano-roll PNG of a few scores with numpy + zlib alone (no plotting library needed).

Rows are pitches (high at the top), columns are twelfths of a beat; each track has its colour, bar lines
are grey, panels are stacked with a white gap.
"""
from __future__ import annotations

import struct
import zlib

import numpy as np
from symusic import Score

COLOURS = [(40, 90, 200), (230, 120, 20), (40, 160, 70), (180, 40, 160)]
LOW, HIGH, ROW = 24, 96, 3       # pitch range drawn, pixels per semitone


def panel(score: Score, start_beat: float, beats: int, bpb: int, grid: int = 12) -> np.ndarray:
    tpq = score.ticks_per_quarter
    img = np.full(((HIGH - LOW) * ROW, beats * grid, 3), 250, np.uint8)
    for x in range(0, beats * grid, bpb * grid):
        img[:, x] = (170, 170, 170)
    for k, track in enumerate(score.tracks):
        for n in track.notes:
            a = round((n.time / tpq - start_beat) * grid)
            b = round(((n.time + n.duration) / tpq - start_beat) * grid)
            if b <= 0 or a >= beats * grid or not LOW <= n.pitch < HIGH:
                continue
            y = (HIGH - 1 - n.pitch) * ROW
            img[y:y + ROW - 1, max(a, 0):max(min(b, beats * grid) - 1, a + 1)] = COLOURS[k % len(COLOURS)]
    return img


def stack(panels: list[np.ndarray], gap: int = 6) -> np.ndarray:
    w = max(p.shape[1] for p in panels)
    rows = []
    for p in panels:
        rows.append(np.pad(p, ((0, gap), (0, w - p.shape[1]), (0, 0)), constant_values=255))
    return np.concatenate(rows)


def png_bytes(img: np.ndarray) -> bytes:
    """RGB uint8 (h, w, 3) -> PNG bytes (filter 0 on every row)."""
    h, w, _ = img.shape
    raw = b"".join(b"\x00" + img[y].tobytes() for y in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
