"""The relation model on the hand-labelled relation test (issue 19), next to a baseline that
ignores the source: the stance model's label toward the target.

    python training/build_relation_rows.py test          # runs/relations/test.jsonl
    python training/evaluate_relations.py [--model models/relations-minilm] [--data runs/relations/test.jsonl]

Prints macro-F1 with its 95% bootstrap interval, per-class scores, direction accuracy (for
a gold supportive or critical A -> B, the model's probability of that label is higher for
A -> B than for B -> A), and both by the sentence's origin (NewsMTSC test, RuSentNE-en test,
the example articles) and for the pairs the annotators marked hard.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import stance  # noqa: E402
from stance.data import load_rows  # noqa: E402
from stance.evaluation import classification_metrics, direction_accuracy  # noqa: E402
from stance.labels import top_label  # noqa: E402


def report(name: str, rows, probs) -> dict:
    y_true, y_pred = [r.label for r in rows], [top_label(p) for p in probs]
    m = classification_metrics(y_true, y_pred)
    d = direction_accuracy(rows, probs)
    per = "  ".join(f"{lab} {v['f1'] * 100:.1f}" for lab, v in m["per_class"].items())
    lo, hi = (x * 100 for x in m["macro_f1_ci95"])
    direction = f"{d['accuracy'] * 100:.1f}% of {d['n']}" if d["accuracy"] is not None else "n/a"
    print(f"  {name:<28} n {m['n']:>5}  macro-F1 {m['macro_f1'] * 100:5.1f} ({lo:.1f}-{hi:.1f})  "
          f"F1 {per}  direction {direction}")
    return {"macro_f1": m["macro_f1"], "ci95": m["macro_f1_ci95"], "per_class": m["per_class"], "direction": d,
            "confusion_matrix": m["confusion_matrix"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="relation model folder (default: the shipped one)")
    ap.add_argument("--data", default=str(ROOT / "runs" / "relations" / "test.jsonl"))
    ap.add_argument("--backend", default="auto", choices=["auto", "torch", "onnx"])
    ap.add_argument("--json", help="also write the figures to this JSON file")
    args = ap.parse_args()
    if not Path(args.data).is_file():
        sys.exit(f"error: {args.data} not found: run python training/build_relation_rows.py test")
    rows = load_rows(args.data)
    model = stance.load_relations(args.model, backend=args.backend)
    probs = model.predict_proba([(r.text, r.start, r.end, *r.source_span) for r in rows], batch_size=64)
    base = stance.load(backend=args.backend).predict_proba([(r.text, r.start, r.end) for r in rows], batch_size=64)
    counts = {lab: sum(r.label == lab for r in rows) for lab in stance.LABELS}
    print(f"{args.data}: {len(rows)} ordered pairs ({', '.join(f'{k} {v}' for k, v in counts.items())}); "
          f"model {model.name} ({model.runtime})")
    out = {"relation model": report("relation model", rows, probs),
           "baseline": report("baseline: stance toward target", rows, base)}
    for key, label in (("newsmtsc-test", "NewsMTSC test"), ("rusentne-en-test", "RuSentNE-en test"),
                       ("example", "example articles")):
        idx = [i for i, r in enumerate(rows) if r.record["sentence"].startswith(key)]
        if idx:
            out[label] = report(f"{label}", [rows[i] for i in idx], [probs[i] for i in idx])
    for hard in (False, True):
        idx = [i for i, r in enumerate(rows) if bool(r.record.get("hard")) == hard]
        out[f"hard={hard}"] = report("pairs marked hard" if hard else "pairs not marked hard",
                                     [rows[i] for i in idx], [probs[i] for i in idx])
    cm = out["relation model"]["confusion_matrix"]
    print("relation model confusion (rows true, columns predicted: " + ", ".join(cm["labels"]) + "): "
          + "; ".join(f"{lab} {row}" for lab, row in zip(cm["labels"], cm["matrix"])))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
