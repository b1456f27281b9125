"""A test corpus for `stance corpus`: NewsMTSC's articles, each rebuilt from its sentences (all
splits, in sentence order), with made-up dates and outlets.

    python training/build_newsmtsc_corpus.py [--out runs/corpus/newsmtsc-articles.jsonl]
    stance corpus runs/corpus/newsmtsc-articles.jsonl --out runs/corpus/out --group outlet

NewsMTSC rows carry no date and no outlet, so both are assigned from a hash of the article id
(SHA-1): a day of 2022 and one of four outlet names ("Outlet A" ... "Outlet D"). They exist to
exercise the periods, the groups and the plots; they say nothing about real outlets or dates.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from stance.data import newsmtsc_article  # noqa: E402

FILES = ("train.jsonl", "rw/dev.jsonl", "mt/dev.jsonl", "rw/test.jsonl", "mt/test.jsonl")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--newsmtsc", type=Path, default=ROOT.parent / "shared" / "data" / "newsmtsc")
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "corpus" / "newsmtsc-articles.jsonl")
    args = ap.parse_args()
    if not (args.newsmtsc / "train.jsonl").is_file():
        print(f"{args.newsmtsc}: NewsMTSC not found (it is read from ../shared/data/newsmtsc/)", file=sys.stderr)
        return 2
    sentences: dict[str, dict[int, str]] = defaultdict(dict)
    for name in FILES:
        for line in open(args.newsmtsc / name, encoding="utf-8"):
            row = json.loads(line)
            article = newsmtsc_article(row["id"])
            sentences[article][int(row["id"][len(article) + 1:].split("_")[0])] = row["sentence"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for article in sorted(sentences):
            h = int(hashlib.sha1(article.encode()).hexdigest(), 16)
            day = dt.date(2022, 1, 1) + dt.timedelta(days=h % 365)
            text = "\n".join(sentences[article][i] for i in sorted(sentences[article]))
            f.write(json.dumps({"id": article, "text": text, "date": day.isoformat(),
                                "outlet": f"Outlet {'ABCD'[h // 365 % 4]}"}) + "\n")
    print(f"{len(sentences)} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
