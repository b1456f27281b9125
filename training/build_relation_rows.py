"""Relation rows (issue 19): (text, source mention, target mention, label) for `stance train`
with a relation config, and the hand-labelled relation test set with its sentences.

    python training/build_relation_rows.py train [--out runs/relations] [--find-actors]   # train.jsonl, dev.jsonl
    python training/build_relation_rows.py test  [--out runs/relations]   # test.jsonl
    python training/build_relation_rows.py dev-pairs                       # dev-pairs.jsonl (model choice)
    python training/build_relation_rows.py train-pairs                     # train-pairs.jsonl

Train and dev come from (see data/relations/README.md):
- the holder annotations (data/relations/holders-*.jsonl) of NewsMTSC train and RuSentNE-en
  train rows: holder -> target with the row's label (and each co-holder in `others`); the
  reverse, target -> holder, neutral (nothing in the row says what the target thinks of the
  holder); every other actor mention of the sentence -> target, neutral (the stance is the
  holder's or the author's). UNCLEAR holders give no rows.
- neutral sentences: two actors of a sentence whose every labelled actor is neutral, both
  directions neutral.
- the verb-frame contrast rows (training/build_contrast_rows.py): the actor who acts -> each
  other actor with that actor's label; every other ordered pair neutral (train only).
Dev is 15% of the holder and neutral-sentence rows, whole articles (NewsMTSC) or near-duplicate
groups (RuSentNE-en) at a time; nothing of dev is in train.

The test set is data/relations/test-*.jsonl with each sentence looked up by its id; pairs
labelled `same` (two mentions of one actor) are not pairs and are left out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from stance.data import newsmtsc_article  # noqa: E402
from stance.matching import whole_word  # noqa: E402
from stance.sentences import split_sentences  # noqa: E402

SHARED = ROOT.parent / "shared"
NEWSMTSC = SHARED / "data" / "newsmtsc"
RUSENTNE_EN = ROOT / "data" / "rusentne-en"
RELATIONS = ROOT / "data" / "relations"
EXAMPLES = (SHARED / "examples" / "articles", ROOT / "examples")
NEUTRAL_SENTENCES = 300
CONTRAST_SENTENCES = 1000


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def in_dev(key: str) -> bool:
    return int(hashlib.sha1(f"relations:{key}".encode()).hexdigest(), 16) % 100 < 15


def pair(text, src, tgt, label, origin, key) -> dict:
    return {"text": text, "source": text[src[0]:src[1]], "source_start": src[0], "source_end": src[1],
            "target": text[tgt[0]:tgt[1]], "target_start": tgt[0], "target_end": tgt[1], "label": label,
            "origin": origin, "article_id": key}


def find(text: str, words: str, occurrence: int = 1) -> tuple[int, int] | None:
    for flags in (0, re.IGNORECASE):
        hits = list(re.finditer(whole_word(words), text, flags))
        if len(hits) >= occurrence:
            return hits[occurrence - 1].span()
    return None


def overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def sentences() -> dict[str, dict]:
    """Row id -> {text, span, label, key, mentions (spans of the sentence's labelled rows)}."""
    out, by_text = {}, {}
    for r in jsonl(NEWSMTSC / "train.jsonl"):
        rid = f"newsmtsc:{r['id']}"
        out[rid] = {"text": r["sentence"], "span": (r["from"], r["to"]), "label": r["polarity"],
                    "key": f"newsmtsc:{newsmtsc_article(r['id'])}"}
        by_text.setdefault(("n", r["sentence"]), []).append(rid)
    for r in jsonl(RUSENTNE_EN / "train.jsonl"):
        rid = f"rusentne-en:{r['id']}"
        out[rid] = {"text": r["text"], "span": (r["start"], r["end"]), "label": r["label"],
                    "key": f"rusentne-en:{r['group']}"}
        by_text.setdefault(("r", r["sentence_id"]), []).append(rid)
    for rids in by_text.values():
        spans = [out[i]["span"] for i in rids]
        for i in rids:
            out[i]["mentions"] = spans
            out[i]["all_neutral"] = all(out[j]["label"] in (0, "neutral") for j in rids)
    return out


LABEL = {1: "supportive", -1: "critical", 0: "neutral"}


def found_mentions(rows: dict[str, dict]) -> None:
    """Add the actors stance.actors.ActorFinder finds in each holder sentence to its mentions
    (those overlapping a labelled mention left out): more bystanders, X -> target neutral."""
    from stance.actors import ActorFinder

    finder, cache = ActorFinder(None), {}
    for s in rows.values():
        if s["text"] not in cache:
            cache[s["text"]] = [(m.start, m.end) for m in finder.find([s["text"]])[0]]
        extra = [m for m in cache[s["text"]] if not any(overlaps(m, tuple(k)) for k in s["mentions"])]
        s["mentions"] = list(s["mentions"]) + extra


def holder_rows(rows: dict[str, dict]) -> tuple[list[dict], Counter]:
    out, stats = [], Counter()
    for path in sorted(RELATIONS.glob("holders-*.jsonl")):
        for line, h in enumerate(jsonl(path), start=1):
            s = rows.get(h["row"])
            if s is None:
                sys.exit(f"error: {path}:{line}: no row {h['row']!r} in NewsMTSC or RuSentNE-en train")
            text, tgt, label = s["text"], tuple(s["span"]), LABEL.get(s["label"], s["label"])
            if h["holder"] == "UNCLEAR":
                stats["unclear"] += 1
                continue
            holders = []
            if h["holder"] != "AUTHOR":
                for k, words in enumerate([h["holder"], *h.get("others", [])]):
                    span = find(text, words, h.get("occurrence", 1) if k == 0 else 1)
                    if span is None or overlaps(span, tgt):
                        stats["holder not found"] += 1
                        continue
                    holders.append(span)
                    out.append(pair(text, span, tgt, label, "holder", s["key"]))
                    out.append(pair(text, tgt, span, "neutral", "holder-reverse", s["key"]))
                if not holders:
                    continue
            stats["author" if h["holder"] == "AUTHOR" else "holder"] += 1
            for m in s["mentions"]:
                m = tuple(m)
                if not overlaps(m, tgt) and not any(overlaps(m, x) for x in holders):
                    out.append(pair(text, m, tgt, "neutral", "bystander", s["key"]))
    return out, stats


def neutral_rows(rows: dict[str, dict], rng: random.Random) -> list[dict]:
    seen, groups = set(), []
    for s in rows.values():
        spans = sorted({tuple(m) for m in s["mentions"]})
        if s["all_neutral"] and len(spans) >= 2 and s["text"] not in seen:
            seen.add(s["text"])
            groups.append((s, spans))
    rng.shuffle(groups)
    out = []
    for s, spans in groups[:NEUTRAL_SENTENCES]:
        for a in spans:
            for b in spans:
                if a != b and not overlaps(a, b):
                    out.append(pair(s["text"], a, b, "neutral", "neutral-sentence", s["key"]))
    return out


def contrast_rows(rng: random.Random) -> list[dict]:
    path = ROOT / "runs" / "contrast" / "contrast.jsonl"
    subprocess.run([sys.executable, str(ROOT / "training" / "build_contrast_rows.py"), "--out", str(path)],
                   check=True, stdout=subprocess.DEVNULL)
    by_sentence: dict[str, list[dict]] = {}
    for r in jsonl(path):
        by_sentence.setdefault(r["id"].rsplit("-", 1)[0], []).append(r)
    keys = sorted(by_sentence)
    rng.shuffle(keys)
    out = []
    for key in keys[:CONTRAST_SENTENCES]:
        actors = by_sentence[key]
        for a in actors:
            for b in actors:
                if a is not b:
                    label = b["label"] if a["acts"] else "neutral"
                    out.append(pair(a["text"], (a["start"], a["end"]), (b["start"], b["end"]), label,
                                    "contrast", f"contrast:{key}"))
    return out


def build_train(out_dir: Path, find_actors: bool = False) -> None:
    rng = random.Random(19)
    rows = sentences()
    neutral = neutral_rows(rows, rng)
    if find_actors:
        found_mentions(rows)
    held, stats = holder_rows(rows)
    made = held + neutral
    seen, train, dev = set(), [], []
    for r in made + contrast_rows(rng):  # the first row of a (text, source, target) wins
        k = (r["text"], r["source_start"], r["source_end"], r["target_start"], r["target_end"])
        if k in seen:
            continue
        seen.add(k)
        (dev if r["origin"] != "contrast" and in_dev(r["article_id"]) else train).append(r)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, part in (("train", train), ("dev", dev)):
        with (out_dir / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for r in part:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        counts = Counter((r["origin"], r["label"]) for r in part)
        print(f"{name}: {len(part)} pairs -> {out_dir / (name + '.jsonl')}")
        for origin in sorted({o for o, _ in counts}):
            print(f"  {origin:<17}" + "  ".join(f"{lab} {counts[(origin, lab)]}"
                                                for lab in ("supportive", "critical", "neutral")))
    print("holder annotations: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.items())))


def sentence_text(sid: str, cache: dict) -> str:
    kind, _, rest = sid.partition(":")
    if not cache:
        newsmtsc = {"train": [NEWSMTSC / "train.jsonl"],
                    **{part: [NEWSMTSC / split / f"{part}.jsonl" for split in ("rw", "mt")] for part in ("test", "dev")}}
        for part, files in newsmtsc.items():
            for r in (r for path in files for r in jsonl(path)):
                cache[f"newsmtsc-{part}:{r['id']}"] = r["sentence"]
            for r in jsonl(RUSENTNE_EN / f"{part}.jsonl"):
                cache[f"rusentne-en-{part}:{r['sentence_id']}"] = r["text"]
    if kind == "example":
        name, _, start = rest.rpartition(":")
        for folder in EXAMPLES:
            if (folder / name).is_file():
                found = [s.text for s in split_sentences((folder / name).read_text(encoding="utf-8"))
                         if s.start == int(start)]
                if found:
                    return found[0]
        raise KeyError(sid)
    return cache[sid]


def build_test(out_dir: Path, name: str = "test") -> None:
    """test: the relation test set; dev-pairs: the relation dev set annotated the same way from
    NewsMTSC dev and RuSentNE-en dev (data/relations/dev-*.jsonl), for choosing between models;
    train-pairs: training sentences annotated the same way (data/relations/train-pairs.jsonl)."""
    cache: dict[str, str] = {}
    out, problems = [], []
    for path in sorted(RELATIONS.glob(f"{name.split('-')[0]}-*.jsonl")):
        for line, r in enumerate(jsonl(path), start=1):
            try:
                text = sentence_text(r["sentence"], cache)
            except KeyError:
                problems.append(f"{path}:{line}: no sentence {r['sentence']!r}")
                continue
            for role in ("source", "target"):
                if text[r[f"{role}_start"]:r[f"{role}_end"]] != r[role]:
                    problems.append(f"{path}:{line}: {role} {r[role]!r} is not at {r[f'{role}_start']}")
            if r["label"] == "same":
                continue
            if r["source_start"] < r["target_end"] and r["target_start"] < r["source_end"]:
                problems.append(f"{path}:{line}: the source {r['source']!r} overlaps the target {r['target']!r}")
            out.append({"text": text, **{k: r[k] for k in ("source", "source_start", "source_end", "target",
                                                            "target_start", "target_end", "label", "hard")},
                        "sentence": r["sentence"], "batch": path.stem})
    if problems:
        sys.exit("error: " + "\nerror: ".join(problems))
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / f"{name}.jsonl").open("w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = Counter(r["label"] for r in out)
    print(f"{name}: {len(out)} ordered pairs of {len({r['sentence'] for r in out})} sentences -> "
          f"{out_dir / (name + '.jsonl')}; " + ", ".join(f"{k} {counts[k]}" for k in ("supportive", "critical", "neutral")))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["train", "test", "dev-pairs", "train-pairs"])
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "relations")
    ap.add_argument("--find-actors", action="store_true",
                    help="train: also the actors stance's finder sees in each holder sentence, as bystanders")
    args = ap.parse_args()
    if not NEWSMTSC.is_dir():
        sys.exit(f"error: {NEWSMTSC} not found: the relation rows read NewsMTSC from ../shared/data/")
    if args.what == "train":
        build_train(args.out, args.find_actors)
    else:
        build_test(args.out, args.what)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
