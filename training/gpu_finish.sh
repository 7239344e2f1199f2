#!/usr/bin/env bash
# Back on the CPU machine after training/gpu_train.sh: join the weight parts, export ONNX (fp32 + int8),
# check ONNX/PyTorch parity, evaluate the int8 graph on the validation windows here, and write
# models/seedloop-small and models/seedloop-large with manifest and model card.
# Usage: bash training/gpu_finish.sh [GPU_DIR (default training/out/gpu)]
#   MODELS=dir writes elsewhere than models/; SEEDLOOP_GPU_DATA as for gpu_train.sh (the first folder is
#   used for the parity and int8 checks); EVAL_LIMIT=N windows per corpus for the checks (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
G=${1:-training/out/gpu}
M=${MODELS:-models}
DATA=${SEEDLOOP_GPU_DATA:-$(ls -d training/out/data-ours training/out/data-ours-* 2>/dev/null | paste -sd, -)}
FIRST=${DATA%%,*}
LIMIT=${EVAL_LIMIT:-60}
[ -f "$G/results.json" ] || { echo "gpu_finish: no $G/results.json (copy the gpu_train.sh OUTDIR there)" >&2; exit 1; }
[ -f "$FIRST/meta.json" ] || { echo "gpu_finish: no prepared data at '$FIRST' (set SEEDLOOP_GPU_DATA)" >&2; exit 1; }
for n in small large; do python3 -m training.transport join "$G/$n.pt" >/dev/null; done
REPRO_GPU="bash training/gpu_train.sh OUTDIR   # one GPU; carry the prepared training/out/data-ours* folders"
nice python3 -m training export --ckpt "$G/small.pt" --name seedloop-small --out "$M/seedloop-small" --files both --with-weights \
  --data-dir "$FIRST" --eval-limit "$LIMIT" --results "$G/results.json" --run small \
  --command "$REPRO_GPU" --command "bash training/gpu_finish.sh OUTDIR"
nice python3 -m training export --ckpt "$G/large.pt" --name seedloop-large --out "$M/seedloop-large" --files int8 \
  --data-dir "$FIRST" --eval-limit "$LIMIT" --results "$G/results.json" --run large \
  --command "$REPRO_GPU" --command "bash training/gpu_finish.sh OUTDIR"
