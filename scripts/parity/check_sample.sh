#!/usr/bin/env bash
# Does the parity sample still catch the bugs it was picked for? Undo each past fix in a temp copy of src/
# and expect the sample to fail under it. Run after re-picking scripts/parity/sample.txt (not part of npm test).
# Usage: bash scripts/parity/check_sample.sh   (data as in scripts/parity.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
export PARITY_CONFIGS=${PARITY_CONFIGS:-defaults writeup shipped bpe programs programs_tracks}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PARITY_KEEP=1 bash scripts/parity.sh --sample > "$WORK/clean.txt"
KEPT=$(sed -n 's/^parity: keeping //p' "$WORK/clean.txt")
trap 'rm -rf "$WORK" "$KEPT"' EXIT
# label | file | sed expression that undoes the fix
MUTANTS='chord scan narrowing for short notes (949916d)|src/tokenizer/events.ts|/MidiTok narrows onset_notes itself/{n;d}
pedal before a program change, straggler (4d20aab)|src/midi/fileTrack.ts|s/pedals: this.straggler\[ch\], /pedals: [], /
tempo order at equal ticks, pdqsort (4ca6b2a)|src/midi/file.ts|s/pdqsort(file.tempos, byTick)/[...file.tempos].sort(byTick)/
initial pedal state of channels 1-15 (6300276)|src/midi/fileTrack.ts|s/pedalDown = new Array<number>(16).fill(0)/pedalDown = new Array<number>(16).fill(-1)/'
status=0
while IFS='|' read -r label file expr; do
  rm -rf "$WORK/copy" && mkdir -p "$WORK/copy/scripts"
  cp -r src package.json tsconfig.json "$WORK/copy/" && cp -r scripts/parity "$WORK/copy/scripts/"
  ln -s "$ROOT/node_modules" "$WORK/copy/node_modules"
  sed -i "$expr" "$WORK/copy/$file"
  if cmp -s "$file" "$WORK/copy/$file"; then echo "check_sample: the fix moved, update this script: $label"; status=1; continue; fi
  (cd "$WORK/copy" && nice node --import tsx scripts/parity/ts_side.ts "$KEPT/tok" "$KEPT/files.txt" "$WORK/ts")
  bad=0
  for name in $PARITY_CONFIGS; do
    python3 scripts/parity/compare.py "$name" "$KEPT/miditok/$name.jsonl" "$WORK/ts.$name.jsonl" 0 >/dev/null || bad=$((bad + 1))
  done
  if [ $bad -gt 0 ]; then echo "check_sample: caught in $bad configs: $label"; else echo "check_sample: MISSED: $label"; status=1; fi
done <<< "$MUTANTS"
exit $status
