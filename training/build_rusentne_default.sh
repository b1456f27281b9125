#!/usr/bin/env bash
# Issue 18 end to end: the MPNet teacher on NewsMTSC + RuSentNE-en + our non-person rows ->
# its soft labels -> MiniLM students (with and without the verb-frame contrast rows) -> dev
# figures -> the selection rule of docs/experiments.md -> test figures of the winner only.
#
#   MPNET=$(../shared/tools/get-base-model all-mpnet-base-v2) \
#   MINILM=$(../shared/tools/get-base-model all-MiniLM-L6-v2) \
#   training/build_rusentne_default.sh [RUNS_DIR]          # default runs/rsne
#
# A finished teacher or student folder is reused (a stopped run goes on from where it was);
# STUDENTS (default "plain contrast") picks the student variants. About 25 minutes for the
# teacher and 10-15 per student on a 2-core CPU with AMX bf16.
set -euo pipefail
RUNS=${1:-runs/rsne}
DATA=${DATA:-../shared/data/newsmtsc}
: "${MPNET:?set MPNET to the all-mpnet-base-v2 folder}" "${MINILM:?set MINILM to the all-MiniLM-L6-v2 folder}"
mkdir -p "$RUNS/metrics"
python3 training/build_nonperson_set.py > /dev/null
python3 training/build_contrast_rows.py --out runs/contrast/contrast.jsonl

dev_eval() {  # dev_eval MODEL NAME: the four dev sets of the selection rule
  local model=$1 name=$2
  ev() { stance evaluate --model "$model" --json --backend torch --precision fp32 "$@"; }
  ev --data "$DATA/rw/dev.jsonl" > "$RUNS/metrics/$name.rw-dev.json"
  ev --data "$DATA/mt/dev.jsonl" > "$RUNS/metrics/$name.mt-dev.json"
  ev --data runs/nonperson/dev.jsonl > "$RUNS/metrics/$name.nonperson-dev.json"
  ev --data data/rusentne-en/dev.jsonl --only type=state,organisation,group > "$RUNS/metrics/$name.rsne-dev-nonperson.json"
}

teacher="$RUNS/teacher-s42"
[ -f "$teacher/config.json" ] || stance train --config configs/mpnet-teacher-rusentne.yaml \
  --set base_model="$MPNET" --set output_dir="$teacher" --resume
[ -f "$RUNS/metrics/teacher-s42.rsne-dev-nonperson.json" ] || dev_eval "$teacher" teacher-s42
[ -f "$RUNS/metrics/shipped.rsne-dev-nonperson.json" ] || dev_eval models/newsmtsc-minilm shipped

[ -f "$RUNS/distill-newsmtsc.jsonl" ] || python3 training/teacher_labels.py --teacher "$teacher" \
  --input "$DATA/train.jsonl" --output "$RUNS/distill-newsmtsc.jsonl" --extra --hand-labelled runs/nonperson/train.jsonl
[ -f "$RUNS/distill-rusentne.jsonl" ] || python3 training/teacher_labels.py --teacher "$teacher" \
  --input data/rusentne-en/train.jsonl --output "$RUNS/distill-rusentne.jsonl"

base_files="$RUNS/distill-newsmtsc.jsonl, $RUNS/distill-rusentne.jsonl, runs/nonperson/train.jsonl, runs/nonperson/written.jsonl"
for variant in ${STUDENTS:-plain contrast}; do
  files=$base_files
  [ "$variant" = contrast ] && files="$files, runs/contrast/contrast.jsonl"
  out="$RUNS/student-$variant-s42"
  [ -f "$out/config.json" ] || stance train --config configs/minilm-distill-rusentne.yaml --set base_model="$MINILM" \
    --set train_file="[$files]" --set output_dir="$out" --resume
  [ -f "$RUNS/metrics/student-$variant-s42.rsne-dev-nonperson.json" ] || dev_eval "$out" "student-$variant-s42"
done
python3 training/select_candidate.py "$RUNS/metrics" --baseline shipped
