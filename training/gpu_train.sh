#!/usr/bin/env bash
# One short GPU run (at most 10 minutes with start-up): trains, at once on the one GPU,
#   small  the shipped size (4.8M params, context 1024)
#   large  ~47M params, context 2048 (12 layers, 512 wide, 8 heads, 4 KV heads)
# on every prepared corpus of the chosen tokenizer, evaluates both (NLL per token and per bar on each
# corpus's 8-bar validation windows), and writes to OUTDIR only what must come back (files <= 15 MB):
#   small.pt.part*, large.pt.part*  fp16 weights + model args + tokenizer config (gpu_finish.sh joins them)
#   results.json                    train summaries + evaluations + environment
#   log.txt                         every log line
# Usage (from the repo root): bash training/gpu_train.sh OUTDIR
# Data: SEEDLOOP_GPU_DATA, comma-separated prepared folders of one tokenizer; default training/out/data-ours
# and every training/out/data-ours-* (one per corpus, e.g. data-ours-vgmusic). Carry those folders to the
# GPU machine (token shards only; it has torch + transformers, no miditok, no network, no raw MIDI).
# BPE shards (prepare --bpe, training/README.md) go the same way: SEEDLOOP_GPU_DATA=training/out/data-bpe4000.
# SEEDLOOP_MINUTES: training wall time per model (default 7; both train at once).
# SEEDLOOP_GPU_TEST=1: tiny models and a few steps, to test the script end to end on a CPU.
set -euo pipefail
OUT=${1:?usage: bash training/gpu_train.sh OUTDIR}
cd "$(dirname "$0")/.."
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
export PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
S=${SEEDLOOP_SCRATCH:-/tmp/seedloop-gpu-runs}
rm -rf "$S" && mkdir -p "$S"
PY=${PYTHON:-python3}
DATA=${SEEDLOOP_GPU_DATA:-$(ls -d training/out/data-ours training/out/data-ours-* 2>/dev/null | paste -sd, -)}

if [ "${SEEDLOOP_GPU_TEST:-0}" = 1 ]; then
  SMALL=tiny; LARGE=tiny
  COMMON="--context-length 64 --batch-size 4 --eval-every 2 --eval-batches 1 --warmup-steps 1 --max-steps 4 --threads 1"
  SMALL_RUN=""; LARGE_RUN="--context-length 128"
  EVAL_LIMIT="--limit 4"
else
  SMALL=small; LARGE=large
  COMMON="--max-minutes ${SEEDLOOP_MINUTES:-7} --max-steps 1000000 --eval-every 250 --eval-batches 8 --warmup-steps 200"
  SMALL_RUN="--batch-size 32 --lr 1e-3"; LARGE_RUN="--batch-size 16 --lr 5e-4"
  EVAL_LIMIT=""
fi
COMMON="$COMMON --log-every-s 20 --save-every 0 --resume false --bf16 true"

log() { echo "[gpu_train $(date -u +%H:%M:%S)] $*" | tee -a "$S/log.txt"; }
INFO=$($PY -c 'import torch,transformers;print(torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu");print("torch",torch.__version__,"transformers",transformers.__version__)')
export GPU_NAME=${INFO%%$'\n'*}
log "start: $(hostname), $GPU_NAME, ${INFO#*$'\n'}"
[ -n "$DATA" ] || { log "no prepared data: run python3 -m training prepare (or set SEEDLOOP_GPU_DATA)"; exit 1; }
for d in ${DATA//,/ }; do
  [ -f "$d/meta.json" ] || { log "missing $d/meta.json (run: python3 -m training prepare)"; exit 1; }
done
log "data: $DATA"

run() {  # name preset extra-flags
  $PY -m training train --preset "$2" --data-dir "$DATA" --out-dir "$S/$1" $COMMON $3 \
    2>&1 | grep --line-buffered -v Warning | tee "$S/$1.log"
}
run small "$SMALL" "$SMALL_RUN" & P1=$!
run large "$LARGE" "$LARGE_RUN" & P2=$!
FAIL=0
for p in $P1 $P2; do wait $p || FAIL=1; done
cat "$S/small.log" "$S/large.log" >> "$S/log.txt"
[ $FAIL = 0 ] || { log "a training run failed (see above)"; cp "$S/log.txt" "$OUT/"; exit 1; }
log "training done; evaluating"

for n in small large; do
  for d in ${DATA//,/ }; do
    $PY -m training evaluate --ckpt "$S/$n/best.pt" --data-dir "$d" $EVAL_LIMIT --out "$S/eval_${n}_$(basename "$d").json" \
      2>&1 | grep -v Warning | tee -a "$S/log.txt"
  done &
done
wait

# The GPU machine returns files of at most 16 MB: checkpoints travel in parts (gpu_finish.sh joins them).
for n in small large; do $PY -m training.transport split "$S/$n/best.pt" "$OUT/$n.pt" >/dev/null; done
$PY - "$S" "$OUT" "$DATA" <<'EOF'
import glob, json, os, sys, platform
s, out, data = sys.argv[1:4]
res = {"runs": {}, "machine": platform.node(), "data": data.split(","), "device": os.environ.get("GPU_NAME", "")}
for n in ("small", "large"):
    r = {"train": json.load(open(f"{s}/{n}/train_summary.json"))}
    res["device"] = res["device"] or r["train"]["device"]
    # one evaluation per data folder, merged: export and the model card read runs.<name>.eval
    r["eval"] = {}
    for path in sorted(glob.glob(f"{s}/eval_{n}_*.json")):
        r["eval"].update({k: v for k, v in json.load(open(path)).items() if isinstance(v, dict) and k != "all"})
    ev = list(r["eval"].values())
    toks, wins = sum(e["tokens"] for e in ev), sum(e["windows"] for e in ev)
    r["eval"]["all"] = {"windows": wins, "tokens": toks,
                        "nll_per_token": round(sum(e["nll_per_token"] * e["tokens"] for e in ev) / max(toks, 1), 4),
                        "nll_per_bar": round(sum(e["nll_per_bar"] * e["windows"] for e in ev) / max(wins, 1), 3)}
    res["runs"][n] = r
json.dump(res, open(f"{out}/results.json", "w"), indent=1)
for n, r in res["runs"].items():
    t = r["train"]
    ev = " | ".join(f"{k} {v['nll_per_token']:.3f}/tok {v['nll_per_bar']:.1f}/bar" for k, v in r["eval"].items())
    print(f"gpu_train {n}: {t['params'] / 1e6:.1f}M params, {t['tokens']:,} tokens, {t['tokens_per_s']:,} tok/s, "
          f"best val {t['best_val_loss']}; {ev}")
EOF
log "done"
cp "$S/log.txt" "$OUT/log.txt"
ls -la "$OUT"
