#!/usr/bin/env bash
# MidiTok <-> TypeScript tokenizer parity over the shared corpora, under six tokenizer configs.
#   bash scripts/parity.sh           the full harness: 3,790 files (npm run test:parity; ~30 min cold on 2 cores)
#   bash scripts/parity.sh --sample  scripts/parity/sample.txt: the files that carry every case that broke
#                                    parity before, plus a spread of each corpus (part of npm test; ~1 min)
# Data: $SEEDLOOP_DATA, else ../shared/data next to the repo. Needs python3 with miditok 3.1.
# Everything it writes goes to a temp folder; the full run extracts its VGMusic subset once to
# ${PARITY_CACHE:-/tmp/seedloop-parity} (never into the repo) and caches MidiTok's results there.
# PARITY_LIMIT=N caps files per corpus, PARITY_CONFIGS="shipped bpe" picks configs, PARITY_KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
SAMPLE=0
[ "${1:-}" = --sample ] && SAMPLE=1
PY=${PYTHON:-python3}
if ! "$PY" -c 'import miditok' 2>/dev/null; then
  echo "parity: miditok is not installed (run: $PY -m pip install -r training/requirements.txt)" >&2
  exit 1
fi
DATA=${SEEDLOOP_DATA:-../shared/data}
if [ ! -d "$DATA/vgmidi" ] || [ ! -f "$DATA/vgmusic/vgmusic.tar.gz" ]; then
  msg="parity: no corpora in $DATA (set SEEDLOOP_DATA to the folder holding vgmidi/, nottingham/, vgmusic/)"
  if [ $SAMPLE = 1 ]; then echo "$msg; sample skipped"; exit 0; fi
  echo "$msg" >&2
  exit 1
fi
DATA=$(cd "$DATA" && pwd)
CACHE=${PARITY_CACHE:-/tmp/seedloop-parity}
MIDITOK=$("$PY" -c 'from importlib.metadata import version;print(version("miditok"))')
# The issue's four (defaults, the write-up's, the shipped model's, BPE) and two with programs and pedals.
export PARITY_CONFIGS=${PARITY_CONFIGS:-defaults writeup shipped bpe programs programs_tracks}
LIMIT=${PARITY_LIMIT:-0}
WORK=$(mktemp -d)
if [ -n "${PARITY_KEEP:-}" ]; then echo "parity: keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi

if [ $SAMPLE = 1 ]; then
  # The committed fixture tokenizers (the same six configs; no BPE training), and only the sample's
  # VGMusic members extracted (one pass over the archive).
  cp -r test/fixtures/tokenizer/tokenizers "$WORK/tok"
  grep '^vgmusic/' scripts/parity/sample.txt > "$WORK/vgmusic.members"
  mkdir -p "$WORK/vg"
  tar xzf "$DATA/vgmusic/vgmusic.tar.gz" -C "$WORK/vg" -T "$WORK/vgmusic.members"
  while read -r f; do
    case $f in vgmusic/*) echo "$WORK/vg/$f" ;; *) echo "$DATA/$f" ;; esac
  done < scripts/parity/sample.txt > "$WORK/files.txt"
  while read -r f; do [ -f "$f" ] || { echo "parity: sample file missing: $f" >&2; exit 1; }; done < "$WORK/files.txt"
  PYOUT="$WORK/miditok"
  WHAT="the sample (scripts/parity/sample.txt)"
else
  mkdir -p "$CACHE"
  # Every 11th VGMusic file in sorted order: a fixed 2,046-file subset.
  if [ ! -f "$CACHE/vgmusic.done" ]; then
    tar tzf "$DATA/vgmusic/vgmusic.tar.gz" | grep -i '\.midi\?$' | LC_ALL=C sort | awk 'NR % 11 == 1' > "$CACHE/vgmusic.members"
    tar xzf "$DATA/vgmusic/vgmusic.tar.gz" -C "$CACHE" -T "$CACHE/vgmusic.members"
    touch "$CACHE/vgmusic.done"
  fi
  take() { awk -v n="$LIMIT" 'n == 0 || NR <= n'; }
  {
    find "$DATA/vgmidi" "$DATA/nottingham" -type f -iname '*.mid*' | LC_ALL=C sort | take
    sed "s|^|$CACHE/|" "$CACHE/vgmusic.members" | take
  } > "$WORK/files.txt"
  find "$DATA/vgmidi/train" -type f -iname '*.mid*' | LC_ALL=C sort | awk 'NR <= 300' > "$WORK/train.txt"
  # The tokenizers (BPE training takes a while) are cached too, keyed by their recipe.
  TOKKEY=$({ cat scripts/parity/make_tokenizers.py "$WORK/train.txt"; echo "$MIDITOK"; } | sha256sum | cut -c1-16)
  if [ ! -f "$CACHE/tok-$TOKKEY/bpe.json" ]; then
    nice "$PY" scripts/parity/make_tokenizers.py "$CACHE/tok-$TOKKEY" "$WORK/train.txt" >/dev/null 2>&1
  fi
  cp -r "$CACHE/tok-$TOKKEY" "$WORK/tok"
  # MidiTok's results are kept under a key of the tokenizers, the file list and the MidiTok side's code,
  # so a rerun only redoes the TypeScript side.
  KEY=$({ cat "$WORK"/tok/*.json "$WORK/files.txt" scripts/parity/miditok_side.py; echo "$PARITY_CONFIGS $MIDITOK"; } | sha256sum | cut -c1-16)
  PYOUT="$CACHE/miditok-$KEY"
  WHAT="vgmidi + nottingham + VGMusic subset"
fi
echo "parity: $(wc -l < "$WORK/files.txt") files ($WHAT), MidiTok $MIDITOK"

# MidiTok is the slow side (about 0.9 CPU-s per VGMusic file for all six configs): two processes on
# interleaved halves of the list.
if [ ! -f "$PYOUT/done" ]; then
  awk -v d="$WORK" '{ print > (d "/part.0" (NR % 2)) }' "$WORK/files.txt"
  nice "$PY" scripts/parity/miditok_side.py "$WORK/tok" "$WORK/part.00" "$WORK/py0" &
  pid0=$!
  nice "$PY" scripts/parity/miditok_side.py "$WORK/tok" "$WORK/part.01" "$WORK/py1" &
  pid1=$!
  wait $pid0
  wait $pid1
  mkdir -p "$PYOUT"
  for name in $PARITY_CONFIGS; do
    cat "$WORK/py0.$name.jsonl" "$WORK/py1.$name.jsonl" > "$PYOUT/$name.jsonl"
  done
  touch "$PYOUT/done"
else
  echo "parity: reusing MidiTok results from $PYOUT"
fi
nice node --import tsx scripts/parity/ts_side.ts "$WORK/tok" "$WORK/files.txt" "$WORK/ts"
status=0
for name in $PARITY_CONFIGS; do
  "$PY" scripts/parity/compare.py "$name" "$PYOUT/$name.jsonl" "$WORK/ts.$name.jsonl" || status=1
done
exit $status
