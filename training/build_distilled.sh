#!/usr/bin/env bash
# Issue 3 end to end: MPNet teachers -> soft labels -> MiniLM students, each evaluated.
#
#   MPNET=$(../shared/tools/get-base-model all-mpnet-base-v2) \
#   MINILM=$(../shared/tools/get-base-model all-MiniLM-L6-v2) \
#   training/build_distilled.sh [RUNS_DIR]
#
# Environment: TEACHER_SEEDS (default "42 43 44"), STUDENT_SEEDS (default "42 43 44"),
# DEVICE (cuda or cpu; default: cuda when torch sees one), STANCE ("stance" or "python -m stance").
# A RUNS_DIR that already holds distill-train.jsonl skips the teachers.
# On 2 CPU cores one teacher takes about an hour and one student about 15 minutes; on one
# H100 GPU, minutes. Every figure lands in RUNS_DIR/metrics/*.json, printed by `stance evaluate`.
set -euo pipefail
RUNS=${1:-runs/distilled}
STANCE=${STANCE:-stance}
DATA=${DATA:-../shared/data/newsmtsc}
NONPERSON=${NONPERSON:-runs/nonperson}
DEVICE=${DEVICE:-$(python3 -c 'import torch; print("cuda" if torch.cuda.is_available() else "cpu")')}
: "${MPNET:?set MPNET to the all-mpnet-base-v2 folder}" "${MINILM:?set MINILM to the all-MiniLM-L6-v2 folder}"
mkdir -p "$RUNS/metrics"

evaluate() {  # evaluate MODEL NAME: dev and test of rw and mt, held-out-article test subsets, non-person set
  local model=$1 name=$2 split
  score() { $STANCE evaluate --model "$model" --json --backend torch --device "$DEVICE" "$@"; }
  for split in rw/dev mt/dev rw/test mt/test; do
    score --data "$DATA/$split.jsonl" > "$RUNS/metrics/$name.${split/\//-}.json"
  done
  for split in rw/test mt/test; do
    score --data "$DATA/$split.jsonl" --heldout-from "$DATA/train.jsonl" > "$RUNS/metrics/$name.${split/\//-}-heldout.json"
  done
  if [ -f "$NONPERSON/dev.jsonl" ]; then  # built by training/build_nonperson_set.py
    for split in dev test; do
      score --data "$NONPERSON/$split.jsonl" > "$RUNS/metrics/$name.nonperson-$split.json"
    done
  fi
}

if [ -f "$RUNS/distill-train.jsonl" ]; then  # teachers' labels already made: only the students
  echo "reusing $RUNS/distill-train.jsonl"
else
  teachers=()
  for seed in ${TEACHER_SEEDS:-42 43 44}; do
    $STANCE train --config configs/newsmtsc-mpnet-teacher.yaml --set base_model="$MPNET" --set seed="$seed" \
      --set output_dir="$RUNS/teacher-s$seed" --overwrite
    evaluate "$RUNS/teacher-s$seed" "teacher-s$seed"
    teachers+=("$RUNS/teacher-s$seed")
  done

  python3 training/teacher_labels.py --teacher "${teachers[@]}" --device "$DEVICE" \
    --input "$DATA/train.jsonl" --output "$RUNS/distill-train.jsonl" --extra \
    --eval "$DATA/rw/dev.jsonl" "$DATA/mt/dev.jsonl" | tee "$RUNS/metrics/teacher-ensemble.txt"
fi

for seed in ${STUDENT_SEEDS:-42 43 44}; do
  $STANCE train --config configs/newsmtsc-minilm-distill.yaml --set base_model="$MINILM" --set seed="$seed" \
    --set train_file="$RUNS/distill-train.jsonl" --set output_dir="$RUNS/student-s$seed" --overwrite
  evaluate "$RUNS/student-s$seed" "student-s$seed"
done
echo "done: $RUNS/metrics"
