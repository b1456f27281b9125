"""Precision and recall of actor-mention finding (stance.actors) on the hand-annotated
mentions of the example articles (tests/data/article_mentions.jsonl; the text is read from
../shared/examples/articles/), and on our own constructed cases with their text
(tests/data/mention_cases.jsonl: bylines, author boxes, US states that share a country's name).

A found mention is correct when it overlaps an annotated mention of the same actor (persons:
the same surname). Also prints exact-span agreement and the misses and false alarms.

    python benchmarks/actor_finding.py [--articles ../shared/examples/articles] [--finder rules|spacy]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stance.actors import ActorFinder  # noqa: E402
from stance.sentences import split_sentences  # noqa: E402


def same_actor(a: str, b: str) -> bool:
    return a == b or a.split()[-1] == b.split()[-1] and " " in a and " " in b


def score(gold: list[dict], found: list[dict]) -> dict:
    """Greedy one-to-one matching by overlap and actor; precision, recall, exact spans."""
    used = set()
    matched = []
    for f in found:
        for i, g in enumerate(gold):
            if i not in used and g["article"] == f["article"] and f["start"] < g["end"] and g["start"] < f["end"] \
                    and same_actor(g["actor"], f["actor"]):
                used.add(i)
                matched.append((g, f))
                break
    tp = len(matched)
    return {"gold": len(gold), "found": len(found), "correct": tp,
            "precision": tp / len(found) if found else 0.0, "recall": tp / len(gold) if gold else 0.0,
            "exact_spans": sum(g["start"] == f["start"] and g["end"] == f["end"] for g, f in matched),
            "missed": [g for i, g in enumerate(gold) if i not in used],
            "false": [f for f in found if not any(f is m for _, m in matched)]}


def find_all(articles: Path, names: list[str], finder: ActorFinder) -> tuple[list[dict], dict[str, str]]:
    found, texts = [], {}
    for name in names:
        text = (articles / name).read_text(encoding="utf-8")
        texts[name] = text
        sentences = split_sentences(text)
        for s, mentions in zip(sentences, finder.find([s.text for s in sentences])):
            found += [{"article": name, "start": s.start + m.start, "end": s.start + m.end, "actor": m.actor}
                      for m in mentions]
    return found, texts


def score_cases(path: Path, finder: ActorFinder) -> dict:
    """The constructed cases: each line a text (a short article) and its gold mentions."""
    gold, found, texts = [], [], {}
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        case = json.loads(line)
        name = f"case{i + 1}"
        texts[name] = case["text"]
        gold += [{"article": name, **m} for m in case["mentions"]]
        sentences = split_sentences(case["text"])
        for s, mentions in zip(sentences, finder.find([s.text for s in sentences])):
            found += [{"article": name, "start": s.start + m.start, "end": s.start + m.end, "actor": m.actor}
                      for m in mentions]
    return {**score(gold, found), "texts": texts}


def report(title: str, result: dict, texts: dict[str, str]) -> None:
    print(f"{title}: {result['gold']} annotated mentions, {result['found']} found, {result['correct']} correct")
    print(f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
          f"exact spans {result['exact_spans']}/{result['correct']}")
    for kind in ("missed", "false"):
        for m in result[kind]:
            print(f"  {kind}: {m['article']}:{m['start']} {texts[m['article']][m['start']:m['end']]!r} -> {m['actor']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", default=str(ROOT.parent / "shared" / "examples" / "articles"))
    parser.add_argument("--gold", default=str(ROOT / "tests" / "data" / "article_mentions.jsonl"))
    parser.add_argument("--cases", default=str(ROOT / "tests" / "data" / "mention_cases.jsonl"))
    parser.add_argument("--finder", choices=["rules", "spacy"], default="rules")
    args = parser.parse_args()
    finder = ActorFinder(backend=args.finder)
    cases = score_cases(Path(args.cases), finder)
    report(f"actor-mention finding ({args.finder}) on {len(cases['texts'])} constructed cases", cases, cases["texts"])
    articles = Path(args.articles)
    if not articles.is_dir():
        print(f"{articles}: not found; the example-article figures need ../shared/examples/articles/", file=sys.stderr)
        return 2
    gold = [json.loads(line) for line in Path(args.gold).read_text().splitlines() if line.strip()]
    names = sorted({g["article"] for g in gold})
    found, texts = find_all(articles, names, finder)
    report(f"actor-mention finding ({args.finder}) on {len(names)} articles", score(gold, found), texts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
