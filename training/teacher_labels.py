"""Soft labels from a teacher model for distillation (issue 3).

Writes a training file for `stance train` with `distill_weight > 0`:
- every gold row of the input, with the teacher's probabilities as "teacher_scores";
- with --extra, one more row for every other actor that the sentences name (persons, states,
  capitals, organisations, found by stance.actors): label = the teacher's argmax, marked
  "pseudo": true. These give the student the multi-target contrast of NewsMTSC's mt sets and
  actors beyond persons. With --hand-labelled FILE, no extra row is made for a mention that
  FILE labels by hand (train on both files: the hand label wins over the teacher's);
- with --substitute N, N more rows for each gold row whose mention is a whole name: the mention
  replaced by a random state, capital, organisation or group (stance.augment), gold label kept,
  teacher_scores from the teacher's reading of the new sentence (issue 7's transfer rows).

    python training/teacher_labels.py --teacher runs/teacher-mpnet \\
        --input ../shared/data/newsmtsc/train.jsonl --output runs/distill/train.jsonl --extra
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def extra_pairs(rows, finder, skip: set | frozenset = frozenset()) -> list[dict]:
    """(sentence, other mention) records for the actors a sentence names besides its gold rows,
    leaving out the (text, start, end) mentions in ``skip``."""
    by_text: dict[str, list] = {}
    for r in rows:
        by_text.setdefault(r.text, []).append(r)
    out = []
    for text, gold in by_text.items():
        for m in finder.find([text])[0]:
            if any(m.start < g.end and g.start < m.end for g in gold) or (text, m.start, m.end) in skip:
                continue
            out.append({"text": text, "actor": m.text, "start": m.start, "end": m.end,
                        "article_id": gold[0].article_id, "actor_kind": m.kind, "pseudo": True})
    return out


def row_record(r) -> dict:
    """The output record of a labelled row: its own fields (NewsMTSC's raw ones dropped) with the
    resolved text, mention offsets, label and article."""
    rec = {k: v for k, v in r.record.items() if k not in ("sentence", "mention", "from", "to", "polarity")}
    return {**rec, "text": r.text, "actor": r.actor, "start": r.start, "end": r.end, "label": r.label,
            **({"article_id": r.article_id} if r.article_id else {})}


def substituted_records(rows, copies: int, seed: int) -> list[dict]:
    """``copies`` actor-substituted records of each substitutable gold row (stance.augment,
    marked "augmented"), the gold label kept; their teacher_scores are filled in by the caller."""
    from stance.augment import substitute_actors

    return [row_record(r) for k in range(copies) for r in substitute_actors(rows, 1.0, seed + k)]


class Ensemble:
    """Several teacher models as one: predict_proba averages their probabilities."""

    def __init__(self, models):
        self.models = models

    def predict_proba(self, items, batch_size: int = 32) -> list[list[float]]:
        runs = [m.predict_proba(items, batch_size=batch_size) for m in self.models]
        return [[sum(col) / len(runs) for col in zip(*per_item)] for per_item in zip(*runs)]


def main() -> int:
    from stance import LABELS, load
    from stance.evaluation import evaluate
    from stance.labels import top_label
    from stance.actors import ActorFinder
    from stance.data import load_rows, write_rows

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--teacher", required=True, nargs="+",
                    help="the teacher's model folder; several folders: their probabilities are averaged")
    ap.add_argument("--input", required=True, help="gold training rows (JSONL/CSV)")
    ap.add_argument("--output", required=True, help="JSONL with teacher_scores")
    ap.add_argument("--extra", action="store_true", help="add teacher-labelled rows for the sentences' other actors")
    ap.add_argument("--hand-labelled", metavar="FILE",
                    help="labelled rows (e.g. runs/nonperson/train.jsonl): no extra row for the mentions they label")
    ap.add_argument("--substitute", type=int, default=0, metavar="N",
                    help="N actor-substituted copies of each substitutable gold row, teacher-labelled")
    ap.add_argument("--seed", type=int, default=42, help="seed of --substitute's choice of actors")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--device", default="auto", help="cpu, cuda or auto (a GPU when there is one)")
    ap.add_argument("--eval", nargs="*", default=[], metavar="FILE",
                    help="also print the (averaged) teacher's macro-F1 on these labelled files (dev sets)")
    args = ap.parse_args()
    if args.substitute < 0:
        ap.error(f"--substitute must be 0 or more, got {args.substitute}")

    teacher = Ensemble([load(path, backend="torch", device=args.device) for path in args.teacher])
    for path in args.eval:
        metrics, _, _ = evaluate(teacher, load_rows(path), batch_size=args.batch_size, bootstrap=0)
        print(json.dumps({"teachers": len(teacher.models), "data": path, "n": metrics["n"], "macro_f1": metrics["macro_f1"]}))
    rows = load_rows(args.input)
    records = [row_record(r) for r in rows]
    skip = {(r.text, r.start, r.end) for r in load_rows(args.hand_labelled)} if args.hand_labelled else set()
    pairs = extra_pairs(rows, ActorFinder(), skip) if args.extra else []
    substituted = substituted_records(rows, args.substitute, args.seed)
    extra = pairs + substituted
    items = [(rec["text"], rec["start"], rec["end"]) for rec in records + extra]
    probs = teacher.predict_proba(items, batch_size=args.batch_size)
    for rec, p in zip(records + extra, probs):
        rec["teacher_scores"] = {label: round(float(x), 6) for label, x in zip(LABELS, p)}
        if rec.get("pseudo"):
            rec["label"] = top_label(p)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    write_rows(records + extra, args.output)
    agree = sum(rec["label"] == top_label(p) for rec, p in zip(records, probs)) / max(len(records), 1)
    print(f"{args.output}: {len(records)} gold rows (teacher agrees with gold on {agree:.1%}), "
          f"{len(pairs)} teacher-labelled extra rows, {len(substituted)} actor-substituted rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
