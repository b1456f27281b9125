"""Rebuild the non-person set (data/nonperson/, issue 7) with its text: dev and test for
evaluation, train for training.

The committed files hold only our annotations: a NewsMTSC row id or an example-article file,
character offsets, the mention, the actor, its type and the label. This script reads the
sentences from ../shared/ and writes rows that `stance evaluate` reads:

    python training/build_nonperson_set.py            # -> runs/nonperson/{train,dev,test,written}.jsonl
    stance evaluate --data runs/nonperson/test.jsonl --by type

written.jsonl comes from data/nonperson/written.tsv: short sentences we wrote ourselves (so
their text is committed), each with its actors' types and labels, for training only.

Each output row: text, actor (the mention as written), start, end, label, article_id, type,
actor_name (the actor it stands for), hard (true where the annotator found the case hard).
Rows whose text cannot be found, or whose offsets do not hold the mention, stop the build
with the file and line of the annotation.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
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


LABEL_CODES = {"s": "supportive", "c": "critical", "n": "neutral"}
TYPES = ("state", "capital", "organisation", "group", "person")


def written_rows(path: Path) -> list[dict]:
    """Rows of our hand-written sentences: ``sentence<TAB>mention|type|label; ...`` per line
    (label s, c or n; ``mention@2`` for its second occurrence; # starts a comment line)."""
    sys.path.insert(0, str(ROOT))
    from stance.matching import whole_word

    rows = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{path}:{line_no}"
        if line.count("\t") != 1:
            raise BuildError(f"{where}: expected the sentence, one tab, then the annotations")
        text, annotations = line.split("\t")
        for item in annotations.split(";"):
            parts = [x.strip() for x in item.split("|")]
            if len(parts) != 3 or parts[1] not in TYPES or parts[2] not in LABEL_CODES:
                raise BuildError(f"{where}: bad annotation {item.strip()!r}: expected mention|type|s/c/n "
                                 f"with a type among {', '.join(TYPES)}")
            mention, nth = parts[0], 1
            if "@" in mention:
                mention, k = mention.rsplit("@", 1)
                if not k.isdigit() or int(k) < 1:
                    raise BuildError(f"{where}: bad occurrence in {parts[0]!r}")
                nth = int(k)
            found = [m.start() for m in re.finditer(whole_word(mention), text)]
            if len(found) < nth:
                raise BuildError(f"{where}: {mention!r} (occurrence {nth}) not in the sentence as a whole word")
            start = found[nth - 1]
            rows.append({"text": text, "actor": mention, "start": start, "end": start + len(mention),
                         "label": LABEL_CODES[parts[2]], "article_id": f"written-{line_no}", "type": parts[1],
                         "actor_name": mention, "hard": False, "source": "written"})
    return rows


def _write(rows: list[dict], target: Path) -> None:
    tmp = target.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    tmp.replace(target)
    counts = {lab: sum(r["label"] == lab for r in rows) for lab in ("supportive", "critical", "neutral")}
    types = Counter(r["type"] for r in rows)
    print(f"{target}: {len(rows)} rows; labels {counts}; types {dict(sorted(types.items()))}; "
          f"hard {sum(r['hard'] for r in rows)}")


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
    try:
        built = {split: build(ROOT / "data" / "nonperson" / f"{split}.jsonl", shared)
                 for split in ("train", "dev", "test")}
        built["written"] = written_rows(ROOT / "data" / "nonperson" / "written.tsv")
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for split, rows in built.items():
        _write(rows, out / f"{split}.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
