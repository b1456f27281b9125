"""Agreement of the second reading of 30 sentences of the relation test (data/relations/
second-pass-3.jsonl, labelled blind to the first labels) with the first (test-3.jsonl).

    python training/relation_second_pass.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

RELATIONS = Path(__file__).resolve().parents[1] / "data" / "relations"


def key(r: dict) -> tuple:
    return r["sentence"], r["source_start"], r["source_end"], r["target_start"], r["target_end"]


def main() -> int:
    first = {key(r): r for r in map(json.loads, (RELATIONS / "test-3.jsonl").open())}
    second = [json.loads(line) for line in (RELATIONS / "second-pass-3.jsonl").open()]
    pairs = [(first[key(r)], r) for r in second if key(r) in first]
    a, b = [f["label"] for f, _ in pairs], [s["label"] for _, s in pairs]
    same = sum(x == y for x, y in zip(a, b))
    print(f"{len({k[0] for k in map(key, second)})} sentences, {len(pairs)} ordered pairs read twice "
          f"({len(second) - len(pairs)} not found in test-3)")
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
