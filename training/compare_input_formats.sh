#!/usr/bin/env bash
# Trains the shipped recipe with each way of showing the mention (markers only, pair only,
# both) and prints dev macro-F1 (rw and mt) for each, to choose the input format on dev.
#   training/compare_input_formats.sh [BASE_MODEL]     (about 12 minutes per format here)
# Models go to runs/format-*/ (git-ignored); the "both" run is configs/newsmtsc-minilm.yaml.
set -euo pipefail
base=${1:-sentence-transformers/all-MiniLM-L6-v2}
data=../shared/data/newsmtsc
for fmt in both markers pair; do
  case $fmt in
    both) sets=(--set markers=true --set pair=true) ;;
    markers) sets=(--set markers=true --set pair=false) ;;
    pair) sets=(--set markers=false --set pair=true) ;;
  esac
  out=runs/format-$fmt
  [[ -d $out ]] || stance train --config configs/newsmtsc-minilm.yaml --set base_model="$base" \
    --set output_dir="$out" --set checkpoint_dir="runs/format-$fmt.checkpoints" "${sets[@]}"
done
for fmt in both markers pair; do
  for split in rw mt; do
    f1=$(stance evaluate --model runs/format-$fmt --data $data/$split/dev.jsonl --json \
         | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["macro_f1"]*100, 1))')
    echo "format=$fmt $split-dev macro-F1 $f1"
  done
done
