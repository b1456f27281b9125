#!/usr/bin/env bash
# Trains the gold-label recipe (configs/newsmtsc-minilm.yaml) with each way of showing the
# mention, for one or more seeds, and prints macro-F1 on rw and mt dev (and non-person dev when
# runs/nonperson/dev.jsonl exists: python training/build_nonperson_set.py) to choose on, and on
# rw and mt test (reported only), per run and as mean ± sd per format.
#   [SEEDS="42 43 44"] [FORMATS="both markers"] training/compare_input_formats.sh [BASE_MODEL]
# Formats: both (markers + pair, the shipped one), markers, pair, and masked (markers around
# the placeholder "[MASK]" in place of the mention's words: the model sees where the actor is,
# not who it is; issue 7). About 20 minutes per run on 2 CPU cores. Models go to
# runs/format-<format>-s<seed>/ (git-ignored); finished runs and scores are reused.
set -euo pipefail
base=${1:-sentence-transformers/all-MiniLM-L6-v2}
seeds=${SEEDS:-42}
formats=${FORMATS:-both markers pair}
data=../shared/data/newsmtsc
files=("$data/rw/dev.jsonl" "$data/mt/dev.jsonl" "$data/rw/test.jsonl" "$data/mt/test.jsonl")
[[ -f runs/nonperson/dev.jsonl ]] && files+=(runs/nonperson/dev.jsonl)
for seed in $seeds; do
  for fmt in $formats; do
    case $fmt in
      both) sets=(--set markers=true --set pair=true) ;;
      markers) sets=(--set markers=true --set pair=false) ;;
      pair) sets=(--set markers=false --set pair=true) ;;
      masked) sets=(--set markers=true --set pair=false --set "mention_placeholder=[MASK]") ;;
      *) echo "unknown format $fmt (both, markers, pair, masked)" >&2; exit 2 ;;
    esac
    out=runs/format-$fmt-s$seed
    [[ -d $out ]] || stance train --config configs/newsmtsc-minilm.yaml --set base_model="$base" \
      --set seed="$seed" --set output_dir="$out" --set checkpoint_dir="$out.checkpoints" "${sets[@]}"
    touch "$out.scores.tsv"
    for file in "${files[@]}"; do
      name=$(basename "$(dirname "$file")")/$(basename "$file" .jsonl)
      grep -q -P "\t$name\t" "$out.scores.tsv" && continue
      stance evaluate --model "$out" --data "$file" --json --backend torch --precision fp32 \
        | python3 -c "import json,sys; print('$fmt\t$seed\t$name\t' + str(round(json.load(sys.stdin)['macro_f1']*100, 1)))" \
        >> "$out.scores.tsv"
    done
    cat "$out.scores.tsv"
  done
done
python3 - $formats -- $seeds <<'PY'
import statistics, sys
args = sys.argv[1:]
formats, seeds = args[:args.index("--")], args[args.index("--") + 1:]
names = ("rw/dev", "mt/dev", "nonperson/dev", "rw/test", "mt/test")
print("format   " + "  ".join(f"{n:>14}" for n in names) + "   (macro-F1 %, mean ± sd over seeds " + " ".join(seeds) + ")")
for fmt in formats:
    cells = []
    for name in names:
        vals = [float(line.split("\t")[3]) for seed in seeds
                for line in open(f"runs/format-{fmt}-s{seed}.scores.tsv") if line.split("\t")[2] == name]
        sd = f"{statistics.stdev(vals):4.1f}" if len(vals) > 1 else "   -"
        cells.append(f"{statistics.mean(vals):6.1f} ± {sd}" if vals else "-")
    print(f"{fmt:8} " + "  ".join(f"{c:>14}" for c in cells))
PY
