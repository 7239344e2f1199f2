#!/usr/bin/env bash
# Back on the CPU machine after training/gpu_train.sh: reassemble the weight parts, export ONNX (fp32 + int8),
# check parity and the int8 loss change, write models/<name>/ with manifest and model card.
# Usage: bash training/gpu_finish.sh [GPU_DIR (default training/out/gpu)]   (MODELS=dir to write elsewhere than models/)
set -euo pipefail
cd "$(dirname "$0")/.."
G=${1:-training/out/gpu}
M=${MODELS:-models}
[ -f "$G/results.json" ] || { echo "gpu_finish: no $G/results.json (copy the gpu_train.sh OUTDIR there)" >&2; exit 1; }
for n in base small; do python3 -m training.transport join "$G/$n.pt" >/dev/null; done
REPRO_GPU="bash training/gpu_train.sh OUTDIR   # one GPU; carry training/out/data-ours and training/out/data-baseline"
nice python3 -m training export --ckpt "$G/base.pt" --name seedloop-base --out "$M/seedloop-base" --files int8 --results "$G/results.json" --run base \
  --command "$REPRO_GPU" --command "bash training/gpu_finish.sh OUTDIR"
nice python3 -m training export --ckpt "$G/small.pt" --name seedloop-small --out "$M/seedloop-small" --files both --with-weights --results "$G/results.json" --run small \
  --command "$REPRO_GPU" --command "bash training/gpu_finish.sh OUTDIR"
