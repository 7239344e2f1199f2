"""Files across the GPU machine's boundary: it returns files of at most 16 MB, so a bigger checkpoint travels as
PATH.part0, PATH.part1, ... (<= 15 MB each) and is joined back on the CPU machine before anything reads it.

    python3 -m training.transport split SRC DST_PREFIX   # -> DST_PREFIX.part0 ...
    python3 -m training.transport join PREFIX [DST]      # PREFIX.part* -> DST (default PREFIX)
"""
from __future__ import annotations

import os
import sys

PART_BYTES = 15 * 1000 * 1000


def split(src: str, dst_prefix: str, part_bytes: int = PART_BYTES) -> list[str]:
    with open(src, "rb") as f:
        data = f.read()
    parts = []
    for i in range(0, max(len(data), 1), part_bytes):
        p = f"{dst_prefix}.part{len(parts)}"
        with open(p, "wb") as f:
            f.write(data[i:i + part_bytes])
        parts.append(p)
    return parts


def join(prefix: str, dst: str | None = None) -> str:
    parts, i = [], 0
    while os.path.exists(f"{prefix}.part{i}"):
        parts.append(f"{prefix}.part{i}")
        i += 1
    if not parts:
        from .errors import BadInput
        raise BadInput(f"no parts to join: {prefix}.part0 not found")
    dst = dst or prefix
    with open(dst + ".tmp", "wb") as out:
        for p in parts:
            with open(p, "rb") as f:
                out.write(f.read())
    os.replace(dst + ".tmp", dst)
    return dst


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) >= 3 and argv[0] == "split":
        print("\n".join(split(argv[1], argv[2])))
    elif len(argv) in (2, 3) and argv[0] == "join":
        print(join(*argv[1:]))
    else:
        print("\n".join(l.strip() for l in __doc__.splitlines() if "-m training.transport" in l), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    from .errors import BadInput
    try:
        sys.exit(main())
    except BadInput as e:
        print(f"training.transport: {e}", file=sys.stderr)
        sys.exit(1)
