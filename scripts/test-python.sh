#!/usr/bin/env bash
# The Python half of `npm test`: the training package's tests, then the MidiTok parity sample
# (scripts/parity/sample.txt; the full harness is `npm run test:parity`).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c 'import miditok, torch, transformers' 2>/dev/null; then
  echo "test-python: miditok/torch/transformers are not installed; run: $PY -m pip install -r training/requirements.txt" >&2
  exit 1
fi
"$PY" -m pytest -q -m "not slow" training/tests  # the slow ones: npm run test:slow (CI runs them)
bash scripts/parity.sh --sample
