"""Can the relation model be decoded better? Cross-validated checks on the relation dev set
(issue 19), printed side by side with the plain argmax:

    python training/build_relation_rows.py dev-pairs
    python training/relation_decoding.py [--model models/relations-minilm] [--data runs/relations/dev-pairs.jsonl]

- per-label logit offsets (critical, supportive; neutral fixed at 0) on a grid, fitted for
  macro-F1: in-sample, and 5-fold cross-validated with sentences kept within a fold;
- pair consistency: when both directions of a pair are read non-neutral, the weaker one
  (the smaller margin over neutral) becomes neutral;
- a logistic stacker on the pair's logits, the reverse pair's logits and the stance model's
  logits toward target and source, cross-validated the same way.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import zlib
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import stance  # noqa: E402
from stance.data import load_rows  # noqa: E402
from stance.evaluation import reverse_pairs  # noqa: E402

GRID = np.arange(-1.5, 3.01, 0.25)
FOLDS = 5


def macro(y, pred) -> float:
    return f1_score(y, pred, average="macro", labels=[0, 1, 2]) * 100


def best_offsets(logits, y):
    """(macro-F1, offset critical, offset supportive) best on these rows."""
    return max((macro(y, (logits + [c, 0, s]).argmax(1)), c, s) for c, s in itertools.product(GRID, GRID))


def consistent(logits, reverse):
    pred = logits.argmax(1)
    out = pred.copy()
    margin = logits.max(1) - logits[:, 1]
    for i, j in enumerate(reverse):
        if j >= 0 and pred[i] != 1 and pred[j] != 1 and margin[i] < margin[j]:
            out[i] = 1
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="relation model folder (default: the shipped one)")
    ap.add_argument("--data", default=str(ROOT / "runs" / "relations" / "dev-pairs.jsonl"))
    ap.add_argument("--backend", default="auto", choices=["auto", "torch", "onnx"])
    args = ap.parse_args()
    if not Path(args.data).is_file():
        sys.exit(f"error: {args.data} not found: run python training/build_relation_rows.py dev-pairs")
    rows = load_rows(args.data)
    relations, default = stance.load_relations(args.model, backend=args.backend), stance.load(backend=args.backend)
    rel = np.array(relations.predict_logits([(r.text, r.start, r.end, *r.source_span) for r in rows], 64))
    toward_target = np.array(default.predict_logits([(r.text, r.start, r.end) for r in rows], 64))
    toward_source = np.array(default.predict_logits([(r.text, *r.source_span) for r in rows], 64))
    y = np.array([stance.LABELS.index(r.label) for r in rows])
    reverse = np.array([-1 if j is None else j for j in reverse_pairs(rows)])
    fold = np.array([zlib.crc32(r.record["sentence"].encode()) % FOLDS for r in rows])
    print(f"{args.data}: {len(rows)} pairs; relation model {relations.name} ({relations.runtime})")
    print(f"  argmax                       {macro(y, rel.argmax(1)):5.1f}")
    f, c, s = best_offsets(rel, y)
    print(f"  offsets in-sample            {f:5.1f}  (critical {c:+.2f}, supportive {s:+.2f})")
    pred = np.zeros_like(y)
    for k in range(FOLDS):
        _, c, s = best_offsets(rel[fold != k], y[fold != k])
        pred[fold == k] = (rel[fold == k] + [c, 0, s]).argmax(1)
    print(f"  offsets, {FOLDS}-fold CV           {macro(y, pred):5.1f}")
    print(f"  pair consistency             {macro(y, consistent(rel, reverse)):5.1f}")
    features = np.hstack([rel, np.where(reverse[:, None] >= 0, rel[reverse], 0), toward_target, toward_source])
    for strength in (0.1, 1.0):
        pred = np.zeros_like(y)
        for k in range(FOLDS):
            fit = LogisticRegression(C=strength, max_iter=2000).fit(features[fold != k], y[fold != k])
            pred[fold == k] = fit.predict(features[fold == k])
        print(f"  stacker C={strength:<4} {FOLDS}-fold CV     {macro(y, pred):5.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
