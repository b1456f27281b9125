#!/usr/bin/env bash
# Issue 22, item 10: what configs/domain-adapt.yaml does with 100, 300 and 1,000 rows of a domain
# the shipped model has not seen (RuSentNE-en train: Russian news in English, data/rusentne-en/),
# before and after, on that domain's dev and on NewsMTSC dev; and the tuned variants.
#
#   training/measure_adaptation.sh [RUNS_DIR]          # default runs/adapt
#
# Environment: SIZES (default "100 300 1000"), VARIANTS (default "first tuned config"), SEED (42), MIXES (default
# none: e.g. "0.3 0.5" also scores each trained model moved only that part of the way from the shipped
# model, training/interpolate_weights.py, as VARIANT-mixW-nN).
# keep=last variants keep the final weights instead of the epoch best on the 15% held out.
# Each run trains from models/newsmtsc-minilm; figures: stance evaluate --backend torch --precision fp32,
# as JSON in RUNS_DIR/metrics/, then the table (training/summarize_runs.py).
set -euo pipefail
RUNS=${1:-runs/adapt}
DATA=${DATA:-../shared/data/newsmtsc}
SEED=${SEED:-42}
mkdir -p "$RUNS/metrics" "$RUNS/rows"

score() {  # score MODEL NAME
  local model=$1 name=$2
  ev() { stance evaluate --model "$model" --json --backend torch --precision fp32 "$@"; }
  ev --data data/rusentne-en/dev.jsonl > "$RUNS/metrics/$name.rsne-dev.json"
  ev --data data/rusentne-en/dev.jsonl --only type=state,organisation,group > "$RUNS/metrics/$name.rsne-dev-nonperson.json"
  ev --data "$DATA/rw/dev.jsonl" > "$RUNS/metrics/$name.rw-dev.json"
  ev --data "$DATA/mt/dev.jsonl" > "$RUNS/metrics/$name.mt-dev.json"
}

[ -f "$RUNS/metrics/shipped.mt-dev.json" ] || score models/newsmtsc-minilm shipped

# The rows: N training rows drawn by whole sentences (seeded) from RuSentNE-en train.
python3 - "$RUNS/rows" "$SEED" ${SIZES:-100 300 1000} <<'PY'
import json, random, sys
out, seed, sizes = sys.argv[1], int(sys.argv[2]), [int(n) for n in sys.argv[3:]]
rows = [json.loads(l) for l in open("data/rusentne-en/train.jsonl", encoding="utf-8")]
by = {}
for r in rows:
    by.setdefault(r["sentence_id"], []).append(r)
order = sorted(by)
random.Random(seed).shuffle(order)
for n in sizes:
    picked = []
    for sid in order:
        if len(picked) >= n:
            break
        picked += by[sid]
    with open(f"{out}/rsne-{n}.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in picked[:n])
PY

# variant name -> extra `stance train` options over configs/domain-adapt.yaml. "config" is the
# config as it is now (tuned, then interpolate 0.3); "first" is the config as it was before issue 22
# (lr 2e-5, 4 epochs, the epoch best on the held-out 15%, no replay, no interpolation).
NOMIX="--set interpolate=1"
declare -A VARIANT=(
  [config]=""
  [first]="$NOMIX --set learning_rate=2e-5 --set epochs=4 --set keep=best --set replay_file= --set replay_rows=0"
  [lr1e4-e8]="$NOMIX --set learning_rate=1e-4 --set epochs=8 --set keep=best --set replay_file= --set replay_rows=0"
  [lr1e4-e8-freeze3]="$NOMIX --set learning_rate=1e-4 --set epochs=8 --set keep=best --set replay_file= --set replay_rows=0 --set freeze_layers=3"
  [tuned]="$NOMIX --set learning_rate=1e-4 --set epochs=5 --set keep=last --set replay_file=$DATA/train.jsonl --set replay_rows=500"
)
for n in ${SIZES:-100 300 1000}; do
  for v in ${VARIANTS:-first tuned config}; do
    name="$v-n$n"
    [ -f "$RUNS/metrics/$name.mt-dev.json" ] && continue
    start=$(date +%s)
    # shellcheck disable=SC2086  # the variant's options are split on purpose
    stance train --config configs/domain-adapt.yaml --set train_file="$RUNS/rows/rsne-$n.jsonl" \
      --set output_dir="$RUNS/$name" --set export_onnx=false --set seed="$SEED" --overwrite ${VARIANT[$v]} \
      2> "$RUNS/$name.log"
    echo "$name: trained in $(( $(date +%s) - start )) s" | tee -a "$RUNS/times.txt"
    score "$RUNS/$name" "$name"
    for w in ${MIXES:-}; do
      python3 training/interpolate_weights.py models/newsmtsc-minilm "$RUNS/$name" --weight "$w" \
        --output "$RUNS/$v-mix${w//./}-n$n" --overwrite > /dev/null
      score "$RUNS/$v-mix${w//./}-n$n" "$v-mix${w//./}-n$n"
      rm -rf "$RUNS/$v-mix${w//./}-n$n"
    done
    rm -rf "$RUNS/$name"  # the figures are kept; the folders are not needed
  done
done
python3 training/summarize_runs.py "$RUNS/metrics"
