"""How often each article-verdict rule (stance.verdict.RULES) agrees with hand-labelled
article-level stance (data/verdicts/newsmtsc-train.jsonl: NewsMTSC train articles with 5 or
more sentences, labelled under docs/annotation-guidelines.md, "Article-level stance").

    python training/compare_verdict_rules.py [--model models/newsmtsc-minilm]

Each article is rebuilt from its NewsMTSC sentences (../shared/data/newsmtsc/train.jsonl, in
sentence order, one per line) and analysed with the model; every rule is applied to the same
mention scores. Prints agreement (exact match), macro-F1 over the four verdicts, and the
confusion of the chosen rule. Pairs labelled "skip" (not an actor in the text) are left out.
The sentences are NewsMTSC train rows, so the model has seen them: the mention scores are
better than on new text, which favours no rule in particular.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stance.data import newsmtsc_article  # noqa: E402

VERDICTS = ("supportive", "critical", "mixed", "neutral")


def articles(newsmtsc_train: Path) -> dict[str, str]:
    """NewsMTSC article id -> its sentences in order, one per line."""
    by_article: dict[str, dict[int, str]] = defaultdict(dict)
    with open(newsmtsc_train, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            article = newsmtsc_article(row["id"])
            index = int(row["id"][len(article) + 1:].split("_")[0])
            by_article[article][index] = row["sentence"]
    return {a: "\n".join(s[i] for i in sorted(s)) for a, s in by_article.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", default=str(ROOT / "data" / "verdicts" / "newsmtsc-train.jsonl"))
    parser.add_argument("--newsmtsc", default=str(ROOT.parent / "shared" / "data" / "newsmtsc" / "train.jsonl"))
    parser.add_argument("--model", default=None, help="model folder (default: the shipped model)")
    args = parser.parse_args()
    if not Path(args.newsmtsc).is_file():
        print(f"{args.newsmtsc}: not found; the articles are read from ../shared/data/newsmtsc/", file=sys.stderr)
        return 2
    import stance
    from sklearn.metrics import confusion_matrix, f1_score

    from stance.verdict import RULES

    gold = [json.loads(line) for line in Path(args.labels).read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = articles(Path(args.newsmtsc))
    model = stance.load(args.model)
    scores: dict[tuple[str, str], list[dict]] = {}
    for article in sorted({g["article"] for g in gold}):
        report = stance.analyze(texts[article], model=model, article=article)
        for a in report.actors:
            scores[(article, a.actor)] = [e.scores for e in a.evidence]
    pairs = [g for g in gold if g["label"] != "skip"]
    missing = [g for g in pairs if (g["article"], g["actor"]) not in scores]
    if missing:
        print(f"error: {len(missing)} labelled actors were not found by analyze, first {missing[0]}", file=sys.stderr)
        return 1
    y = [g["label"] for g in pairs]
    print(f"{len(pairs)} labelled (article, actor) pairs in {len({g['article'] for g in pairs})} articles "
          f"({len(gold) - len(pairs)} skipped); hand labels: "
          + ", ".join(f"{k} {v}" for k, v in Counter(y).most_common()))
    print(f"model: {args.model or 'default'} ({model.runtime})\n")
    print(f"| rule | agreement | macro-F1 | {' | '.join(VERDICTS)} (predicted) |")
    print("|---|---|---|" + "---|" * len(VERDICTS))
    results = {}
    for name, rule in RULES.items():
        pred = [rule(scores[(g["article"], g["actor"])]).stance for g in pairs]
        agree = sum(p == t for p, t in zip(pred, y)) / len(y)
        f1 = f1_score(y, pred, labels=list(VERDICTS), average="macro", zero_division=0)
        results[name] = (agree, pred)
        counts = Counter(pred)
        print(f"| {name} | {agree * 100:.1f}% ({sum(p == t for p, t in zip(pred, y))}/{len(y)}) | {f1 * 100:.1f} | "
              + " | ".join(str(counts[v]) for v in VERDICTS) + " |")
    candidates = [n for n in RULES if not n.startswith("any-mention")]
    top = max(round(results[n][0] * len(y)) for n in candidates)
    best = next(n for n in candidates if round(results[n][0] * len(y)) >= top - 1)  # within one pair: a tie
    print(f"\nchosen by the rule in docs/experiments.md: {best}")
    cm = confusion_matrix(y, results[best][1], labels=list(VERDICTS))
    print("confusion (rows: hand label, columns: rule):", " ".join(VERDICTS))
    for v, row in zip(VERDICTS, cm):
        print(f"  {v:<11}" + " ".join(f"{x:>5}" for x in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
