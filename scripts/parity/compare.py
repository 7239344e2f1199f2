"""Compare MidiTok and TypeScript parity records; print match rates and mismatches.

Usage: compare.py NAME PY_JSONL TS_JSONL [MAX_LISTED]
Exit status 1 if any file differs.
"""
import json
import sys


def load(path):
    with open(path) as f:
        return {r["file"]: r for r in map(json.loads, f)}


def first_diff(a, b):
    for si, (sa, sb) in enumerate(zip(a, b)):
        for i, (x, y) in enumerate(zip(sa, sb)):
            if x != y:
                return f"seq {si} index {i}: miditok {x} / ts {y}"
        if len(sa) != len(sb):
            return f"seq {si} length: miditok {len(sa)} / ts {len(sb)}"
    return f"{len(a)} vs {len(b)} sequences"


def main() -> int:
    name, py_path, ts_path = sys.argv[1:4]
    max_listed = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    py, ts = load(py_path), load(ts_path)
    n = ids_ok = dec_ok = both_err = 0
    problems = []
    for f, p in py.items():
        t = ts.get(f, {"error": "missing"})
        n += 1
        if "error" in p or "error" in t:
            # A file both sides refuse counts as agreeing (e.g. a corrupt file).
            if "error" in p and "error" in t:
                both_err += 1
                ids_ok += 1
                dec_ok += 1
            else:
                problems.append(f"{f}: miditok {p.get('error', 'ok')} / ts {t.get('error', 'ok')}")
            continue
        if p["ids"] == t["ids"]:
            ids_ok += 1
        else:
            problems.append(f"{f}: ids differ at {first_diff(p['ids'], t['ids'])}")
        if p["notes"] == t["notes"]:
            dec_ok += 1
        elif p["ids"] == t["ids"]:
            problems.append(f"{f}: decode differs")
    pct = lambda k: 100.0 * k / max(n, 1)  # noqa: E731
    print(f"{name:10s} files {n:5d}  identical ids {pct(ids_ok):6.2f}%  decode parity {pct(dec_ok):6.2f}%  (both refused: {both_err})")
    for line in problems[:max_listed]:
        print(f"    {line}")
    if len(problems) > max_listed:
        print(f"    ... and {len(problems) - max_listed} more")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
