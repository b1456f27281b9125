#!/usr/bin/env bash
# Issue 3 end to end: MPNet teachers -> soft labels -> MiniLM students, each evaluated.
#
#   MPNET=$(../shared/tools/get-base-model all-mpnet-base-v2) \
#   MINILM=$(../shared/tools/get-base-model all-MiniLM-L6-v2) \
#   training/build_distilled.sh [RUNS_DIR]
#
# Environment: TEACHER_SEEDS (default "42 43 44"), STUDENT_SEEDS (default "42 43 44"),
# DEVICE (cuda or cpu; default: cuda when torch sees one), PRECISION of the evaluations (default fp32,
# as the README's figures; "auto" is bf16 on CPUs that prefer it), STANCE ("stance" or "python -m stance");
# TEACHER_CONFIG (default configs/newsmtsc-mpnet-teacher.yaml), LABEL_ARGS (more options for
# training/teacher_labels.py, e.g. "--substitute 1 --hand-labelled runs/nonperson/train.jsonl"),
# STUDENT_CONFIG (default configs/newsmtsc-minilm-distill.yaml) and STUDENT_EXTRA_FILES (labelled
# files the students train on besides the teachers' labels, e.g. runs/nonperson/train.jsonl),
# STUDENT_ARGS (more `stance train` options for the students, e.g. "--set epochs=5") and
# STUDENT_NAME (their folder and metrics prefix, default "student": a variant gets its own name).
# A RUNS_DIR that already holds distill-train.jsonl skips the teachers; a teacher folder that
# already exists (training saves it only when finished) is reused, so a stopped run can go on.
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
  score() { $STANCE evaluate --model "$model" --json --backend torch --device "$DEVICE" --precision "${PRECISION:-fp32}" "$@"; }
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
    if [ -f "$RUNS/teacher-s$seed/config.json" ]; then
      echo "reusing $RUNS/teacher-s$seed"
    else
      $STANCE train --config "${TEACHER_CONFIG:-configs/newsmtsc-mpnet-teacher.yaml}" --set base_model="$MPNET" \
        --set seed="$seed" --set output_dir="$RUNS/teacher-s$seed" --overwrite
    fi
    [ -f "$RUNS/metrics/teacher-s$seed.nonperson-test.json" ] || evaluate "$RUNS/teacher-s$seed" "teacher-s$seed"
    teachers+=("$RUNS/teacher-s$seed")
  done

  dev_files=("$DATA/rw/dev.jsonl" "$DATA/mt/dev.jsonl")
  [ -f "$NONPERSON/dev.jsonl" ] && dev_files+=("$NONPERSON/dev.jsonl")
  python3 training/teacher_labels.py --teacher "${teachers[@]}" --device "$DEVICE" \
    --input "$DATA/train.jsonl" --output "$RUNS/distill-train.jsonl" --extra ${LABEL_ARGS:-} \
    --eval "${dev_files[@]}" | tee "$RUNS/metrics/teacher-ensemble.txt"
fi

train_files="$RUNS/distill-train.jsonl"
for file in ${STUDENT_EXTRA_FILES:-}; do train_files="$train_files, $file"; done
student=${STUDENT_NAME:-student}
for seed in ${STUDENT_SEEDS:-42 43 44}; do
  # shellcheck disable=SC2086  # STUDENT_ARGS is split into options on purpose
  $STANCE train --config "${STUDENT_CONFIG:-configs/newsmtsc-minilm-distill.yaml}" --set base_model="$MINILM" \
    --set seed="$seed" --set train_file="[$train_files]" --set output_dir="$RUNS/$student-s$seed" --overwrite \
    ${STUDENT_ARGS:-}
  evaluate "$RUNS/$student-s$seed" "$student-s$seed"
done
python3 training/summarize_runs.py "$RUNS/metrics"
