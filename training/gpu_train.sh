#!/usr/bin/env bash
# One GPU run (about 7 minutes on one H200): trains, concurrently,
#   base     the write-up size (512 wide, 8 layers, 8 heads, 4 KV heads) on our tokenizer's shards
#   baseline the same size on the write-up tokenizer's shards, same wall time/schedule (token counts reported)
#   small    the CPU-friendly size on our shards
# then evaluates all three (NLL per token and per bar on the 8-bar windows of each validation corpus) and
# writes to OUTDIR only what must come back (<= 8 files, each <= 15 MB):
#   base.pt.part*, small.pt.part*   fp16 weights + model args + tokenizer config, in <= 15 MB parts (gpu_finish.sh joins them)
#   results.json                    train summaries + evaluation of all three + environment
#   log.txt                         every log line
# Usage (from the repo root): bash training/gpu_train.sh OUTDIR
# Needs only training/out/data-ours and training/out/data-baseline (from `python3 -m training prepare`),
# python3 with torch + transformers (no miditok, no network).
# SEEDLOOP_GPU_TEST=1 shrinks everything (tiny models, seconds of training) to test the script on a CPU.
set -euo pipefail
OUT=${1:?usage: bash training/gpu_train.sh OUTDIR}
cd "$(dirname "$0")/.."
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
export PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
S=${SEEDLOOP_SCRATCH:-/tmp/seedloop-gpu-runs}
rm -rf "$S" && mkdir -p "$S"
PY=${PYTHON:-python3}

MIN=${SEEDLOOP_MINUTES:-4.5}   # training wall time per model (all three run at once)
if [ "${SEEDLOOP_GPU_TEST:-0}" = 1 ]; then
  BIG=tiny; SMALL=tiny; MIN=0.15
  COMMON="--context-length 128 --batch-size 4 --eval-every 10 --eval-batches 2 --warmup-steps 5 --log-every-s 5"
  EVAL_LIMIT="--limit 8"
else
  BIG=base; SMALL=small
  COMMON="--batch-size 32 --eval-every 250 --eval-batches 8 --warmup-steps 200 --log-every-s 20"
  EVAL_LIMIT=""
fi
COMMON="$COMMON --max-minutes $MIN --max-steps 1000000 --save-every 0 --resume false --bf16 true"

log() { echo "[gpu_train $(date -u +%H:%M:%S)] $*" | tee -a "$S/log.txt"; }
log "start: $(hostname), $($PY -c 'import torch,transformers;print("torch",torch.__version__,"transformers",transformers.__version__,"cuda",torch.cuda.is_available(),torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")')"
for d in training/out/data-ours training/out/data-baseline; do
  [ -f "$d/meta.json" ] || { log "missing $d (run: python3 -m training prepare --tokenizer ours|baseline)"; exit 1; }
done

run() {  # name preset data lr
  $PY -m training train --preset "$2" --data-dir "training/out/data-$3" --out-dir "$S/$1" --lr "$4" $COMMON \
    2>&1 | grep --line-buffered -v Warning | tee "$S/$1.log"
}
run base "$BIG" ours 6e-4 & P1=$!
run baseline "$BIG" baseline 6e-4 & P2=$!
run small "$SMALL" ours 1e-3 & P3=$!
FAIL=0
for p in $P1 $P2 $P3; do wait $p || FAIL=1; done
cat "$S/base.log" "$S/baseline.log" "$S/small.log" >> "$S/log.txt"
[ $FAIL = 0 ] || { log "a training run failed (see above)"; cp "$S/log.txt" "$OUT/"; exit 1; }
log "training done; evaluating"

for r in base:ours baseline:baseline small:ours; do
  n=${r%%:*}; d=${r##*:}
  $PY -m training evaluate --ckpt "$S/$n/best.pt" --data-dir "training/out/data-$d" $EVAL_LIMIT \
    --out "$S/eval_$n.json" 2>&1 | grep -v Warning | tee -a "$S/log.txt" &
done
wait

# The GPU machine returns files of at most 16 MB: checkpoints travel in parts (gpu_finish.sh joins them).
$PY -m training.transport split "$S/base/best.pt" "$OUT/base.pt" >/dev/null
$PY -m training.transport split "$S/small/best.pt" "$OUT/small.pt" >/dev/null
$PY - "$S" "$OUT" <<'EOF'
import json, os, sys, platform
s, out = sys.argv[1], sys.argv[2]
res = {"runs": {}, "machine": platform.node()}
try:
    import torch
    res["device"] = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu"
    res["torch"] = torch.__version__
except Exception:
    pass
for n in ("base", "baseline", "small"):
    r = {}
    for key, path in (("train", f"{s}/{n}/train_summary.json"), ("eval", f"{s}/eval_{n}.json")):
        if os.path.exists(path):
            r[key] = json.load(open(path))
    res["runs"][n] = r
json.dump(res, open(f"{out}/results.json", "w"), indent=1)
for n, r in res["runs"].items():
    t, e = r.get("train", {}), r.get("eval", {}).get("all", {})
    print(f"gpu_train {n}: {t.get('tokens', 0):,} tokens, {t.get('tokens_per_s', 0):,} tok/s, best val {t.get('best_val_loss')}, "
          f"eval {e.get('nll_per_token')}/tok {e.get('nll_per_bar')}/bar")
EOF
log "done"
cp "$S/log.txt" "$OUT/log.txt"
ls -la "$OUT"
