"""Rebuild the non-person set (data/nonperson/, issue 7) with its text: dev and test for
evaluation, train for training.

The committed files hold only our annotations: a NewsMTSC row id or an example-article file,
character offsets, the mention, the actor, its type and the label. This script reads the
sentences from ../shared/ and writes rows that `stance evaluate` reads:

    python training/build_nonperson_set.py            # -> runs/nonperson/{train,dev,test}.jsonl
    stance evaluate --data runs/nonperson/test.jsonl --by type

Each output row: text, actor (the mention as written), start, end, label, article_id, type,
actor_name (the actor it stands for), hard (true where the annotator found the case hard).
Rows whose text cannot be found, or whose offsets do not hold the mention, stop the build
with the file and line of the annotation.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWSMTSC_FILES = ("train.jsonl", "rw/dev.jsonl", "mt/dev.jsonl", "rw/test.jsonl", "mt/test.jsonl")


class BuildError(Exception):
    """An annotation that does not match the shared data."""


def newsmtsc_sentences(folder: Path) -> dict[str, str]:
    """NewsMTSC row id -> sentence, over all its files."""
    out = {}
    for name in NEWSMTSC_FILES:
        with open(folder / name, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    out[str(row["id"])] = row["sentence"]
    return out


def build(annotations: Path, shared: Path) -> list[dict]:
    """The rows of one annotation file, with their text."""
    sys.path.insert(0, str(ROOT))
    from stance.data import newsmtsc_article

    sentences = newsmtsc_sentences(shared / "data" / "newsmtsc")
    articles: dict[str, str] = {}
    rows = []
    for line_no, line in enumerate(annotations.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        a = json.loads(line)
        where = f"{annotations}:{line_no}"
        if a["source"] == "newsmtsc":
            if a["id"] not in sentences:
                raise BuildError(f"{where}: NewsMTSC row {a['id']!r} not found in {shared / 'data' / 'newsmtsc'}")
            text, article = sentences[a["id"]], newsmtsc_article(a["id"])
        elif a["source"] == "article":
            path = shared / "examples" / "articles" / a["file"]
            if a["file"] not in articles:
                if not path.is_file():
                    raise BuildError(f"{where}: article {path} not found")
                articles[a["file"]] = path.read_text(encoding="utf-8")
            text, article = articles[a["file"]][a["sentence_start"]:a["sentence_end"]], a["file"]
        else:
            raise BuildError(f"{where}: unknown source {a['source']!r}")
        if text[a["start"]:a["end"]] != a["mention"]:
            raise BuildError(f"{where}: offsets {a['start']}:{a['end']} hold {text[a['start']:a['end']]!r}, "
                             f"not {a['mention']!r}")
        rows.append({"text": text, "actor": a["mention"], "start": a["start"], "end": a["end"], "label": a["label"],
                     "article_id": article, "type": a["type"], "actor_name": a["actor"],
                     "hard": bool(a.get("hard", False)), "source": a["source"]})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--out", default=str(ROOT / "runs" / "nonperson"))
    args = parser.parse_args()
    shared, out = Path(args.shared), Path(args.out)
    if not (shared / "data" / "newsmtsc").is_dir():
        print(f"error: {shared / 'data' / 'newsmtsc'} not found; the set's text comes from ../shared/", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev", "test"):
        try:
            rows = build(ROOT / "data" / "nonperson" / f"{split}.jsonl", shared)
        except BuildError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        target = out / f"{split}.jsonl"
        tmp = target.with_suffix(".tmp")
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        tmp.replace(target)
        counts = {lab: sum(r["label"] == lab for r in rows) for lab in ("supportive", "critical", "neutral")}
        types = {}
        for r in rows:
            types[r["type"]] = types.get(r["type"], 0) + 1
        print(f"{target}: {len(rows)} rows; labels {counts}; types {dict(sorted(types.items()))}; "
              f"hard {sum(r['hard'] for r in rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
