"""Agreement of a blind second reading of 30 sentences with the first labels: of the relation
test (data/relations/second-pass-3.jsonl against test-3.jsonl, the default) or of a batch of
all-pair training annotations (second-pass-train-2.jsonl against train-pairs-2.jsonl, and so on).

    python training/relation_second_pass.py
    python training/relation_second_pass.py --first train-pairs-2.jsonl --second second-pass-train-2.jsonl
    python training/relation_second_pass.py --first train-pairs-3.jsonl --second second-pass-train-3.jsonl
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

RELATIONS = Path(__file__).resolve().parents[1] / "data" / "relations"


def key(r: dict) -> tuple:
    return r["sentence"], r["source_start"], r["source_end"], r["target_start"], r["target_end"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--first", default="test-3.jsonl", help="the first labels, in data/relations/")
    ap.add_argument("--second", default="second-pass-3.jsonl", help="the second reading, in data/relations/")
    args = ap.parse_args()
    first = {key(r): r for r in map(json.loads, (RELATIONS / args.first).open())}
    second = [json.loads(line) for line in (RELATIONS / args.second).open()]
    pairs = [(first[key(r)], r) for r in second if key(r) in first]
    a, b = [f["label"] for f, _ in pairs], [s["label"] for _, s in pairs]
    same = sum(x == y for x, y in zip(a, b))
    print(f"{len({k[0] for k in map(key, second)})} sentences, {len(pairs)} ordered pairs read twice "
          f"({len(second) - len(pairs)} not found in {args.first})")
    print(f"agreement {same}/{len(pairs)} = {100 * same / len(pairs):.1f}%, Cohen's kappa {cohen_kappa_score(a, b):.3f}")
    print("first -> second, where they differ: " + ", ".join(
        f"{x} -> {y} {n}" for (x, y), n in sorted(Counter((x, y) for x, y in zip(a, b) if x != y).items())))
    nonneutral = [(x, y) for x, y in zip(a, b) if "neutral" not in (x, y) or x != y]
    agree = sum(x == y for x, y in nonneutral)
    print(f"pairs either reading calls supportive, critical or same: {len(nonneutral)}, both the same {agree}")
    for f, s in pairs:
        if f["label"] != s["label"]:
            print(f"  {f['sentence'][:48]}: {f['source']} -> {f['target']}: first {f['label']}, second {s['label']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
