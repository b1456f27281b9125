"""RuSentNE-en: our English translation of RuSentNE-2023 train (data/rusentne-en/).

    python training/build_rusentne_en.py prepare OUT_DIR [--batches 15]   # translator inputs, from ../shared
    python training/build_rusentne_en.py check OUTPUT --input INPUT        # one translated batch
    python training/build_rusentne_en.py build                             # -> data/rusentne-en/{train,dev,test}.jsonl

`prepare` numbers the upstream sentences (rs00001 ... in order of first appearance in
train.tsv) and their entities (e1, e2, ... in file order), writes data/rusentne-en/entities.tsv
(sid, entity number, upstream line, tag, label: no Russian text) and one translator input per
batch, with each entity wrapped in its numbered tag.

`build` reads the committed translations (data/rusentne-en/translations/*.jsonl) and
entities.tsv, checks every tag and span, and writes the rows with text. Any problem stops it
with `file:line: reason`. See data/rusentne-en/README.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "rusentne-en"
UPSTREAM = ROOT.parent / "shared" / "data" / "rusentne" / "train.tsv"
TAG = re.compile(r"</?e(\d+)>")


class BuildError(Exception):
    """A translation or entity row that does not check."""


@dataclass(frozen=True)
class Span:
    """One tagged entity in an English sentence: its number and offsets in the untagged text."""

    n: int
    start: int
    end: int


def parse_tags(tagged: str) -> tuple[str, list[Span]]:
    """Strip <eN>...</eN> tags; return the plain text and the spans. Raises ValueError on a
    crossing, unclosed, doubled or empty tag."""
    plain: list[str] = []
    length = 0
    open_stack: list[tuple[int, int]] = []
    spans: list[Span] = []
    seen: set[int] = set()
    pos = 0
    for m in TAG.finditer(tagged):
        piece = tagged[pos:m.start()]
        plain.append(piece)
        length += len(piece)
        pos = m.end()
        n = int(m.group(1))
        if m.group(0).startswith("</"):
            if not open_stack or open_stack[-1][0] != n:
                raise ValueError(f"closing tag </e{n}> does not match the open tag"
                                 + (f" <e{open_stack[-1][0]}>" if open_stack else ""))
            _, start = open_stack.pop()
            if start == length:
                raise ValueError(f"tag e{n} is empty")
            spans.append(Span(n, start, length))
        else:
            if n in seen:
                raise ValueError(f"tag e{n} occurs twice")
            seen.add(n)
            open_stack.append((n, length))
    if open_stack:
        raise ValueError(f"tag <e{open_stack[-1][0]}> is not closed")
    plain.append(tagged[pos:])
    text = "".join(plain)
    for s in spans:
        if text[s.start:s.end] != text[s.start:s.end].strip():
            raise ValueError(f"span e{s.n} {text[s.start:s.end]!r} starts or ends with a space")
    return text, sorted(spans, key=lambda s: s.n)


def read_upstream(path: Path) -> list[dict]:
    """Upstream rows with their file line numbers (the header is line 1)."""
    if not path.exists():
        sys.exit(f"error: {path} not found: RuSentNE-2023 train is read from ../shared/data/rusentne/")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for i, r in enumerate(rows):
        r["line"] = i + 2  # no upstream sentence holds a newline, so row i is on line i + 2
        start, end = int(r["entity_pos_start_rel"]), int(r["entity_pos_end_rel"])
        if r["sentence"][start:end] != r["entity"]:
            raise BuildError(f"{path}:{r['line']}: offsets {start}:{end} do not hold {r['entity']!r}")
    return rows


def number_sentences(rows: list[dict]) -> dict[str, list[dict]]:
    """sid -> its upstream rows, sids in order of first appearance."""
    by_sentence: dict[str, list[dict]] = {}
    for r in rows:
        by_sentence.setdefault(r["sentence"], []).append(r)
    return {f"rs{i:05d}": rs for i, rs in enumerate(by_sentence.values(), start=1)}


def tag_russian(sentence: str, rows: list[dict]) -> str:
    """The Russian sentence with entity k (1-based, in file order) wrapped in <ek>...</ek>."""
    inserts: list[tuple[int, int, int, str]] = []
    for k, r in enumerate(rows, start=1):
        start, end = int(r["entity_pos_start_rel"]), int(r["entity_pos_end_rel"])
        # at one offset, closing tags before opening ones; longer spans open first
        inserts.append((start, 1, start - end, f"<e{k}>"))
        inserts.append((end, 0, end - start, f"</e{k}>"))
    out, pos = [], 0
    for offset, _, _, tag in sorted(inserts, key=lambda t: (t[0], t[1], t[2])):
        out.append(sentence[pos:offset])
        out.append(tag)
        pos = offset
    out.append(sentence[pos:])
    return "".join(out)


def prepare(out_dir: Path, batches: int) -> None:
    """Write entities.tsv and the translator inputs."""
    sentences = number_sentences(read_upstream(UPSTREAM))
    DATA.mkdir(parents=True, exist_ok=True)
    with open(DATA / "entities.tsv", "w", encoding="utf-8") as f:
        f.write("sid\tentity\tupstream_line\ttag\tlabel\n")
        for sid, rows in sentences.items():
            for k, r in enumerate(rows, start=1):
                f.write(f"{sid}\te{k}\t{r['line']}\t{r['entity_tag']}\t{r['label']}\n")
    out_dir.mkdir(parents=True, exist_ok=True)
    sids = list(sentences)
    size = -(-len(sids) // batches)
    for b in range(batches):
        with open(out_dir / f"batch-{b + 1:02d}.in.jsonl", "w", encoding="utf-8") as f:
            for sid in sids[b * size:(b + 1) * size]:
                rows = sentences[sid]
                tagged = tag_russian(rows[0]["sentence"], rows)
                ents = {str(k): r["entity_tag"] for k, r in enumerate(rows, start=1)}
                f.write(json.dumps({"sid": sid, "ru": tagged, "entities": ents}, ensure_ascii=False) + "\n")
    print(f"{len(sids)} sentences in {batches} batches of up to {size} -> {out_dir}")


def read_jsonl(path: Path) -> list[tuple[int, dict]]:
    """(line number, object) for each non-empty line; a bad line raises BuildError."""
    out = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise BuildError(f"{path}:{line_no}: not valid JSON: {e.msg}") from None
        if not isinstance(obj, dict):
            raise BuildError(f"{path}:{line_no}: expected a JSON object")
        out.append((line_no, obj))
    return out


def check_translation(path: Path, line_no: int, obj: dict, expected: set[int]) -> tuple[str, list[Span], dict]:
    """Check one translated sentence against its expected entity numbers."""
    where = f"{path}:{line_no}"
    for key in ("sid", "en", "flags"):
        if key not in obj:
            raise BuildError(f"{where}: missing field {key!r}")
    if not isinstance(obj["en"], str) or not obj["en"].strip():
        raise BuildError(f"{where}: 'en' is empty")
    flags = obj["flags"]
    if not isinstance(flags, dict):
        raise BuildError(f"{where}: 'flags' must be an object")
    try:
        text, spans = parse_tags(obj["en"])
    except ValueError as e:
        raise BuildError(f"{where}: {obj['sid']}: {e}") from None
    if "<" in text and re.search(r"</?e\d", text):
        raise BuildError(f"{where}: {obj['sid']}: a malformed entity tag is left in the text")
    tagged = {s.n for s in spans}
    flagged = {int(k) for k in flags}
    if unknown := (tagged | flagged) - expected:
        raise BuildError(f"{where}: {obj['sid']}: unknown entity number(s) {sorted(unknown)}")
    if both := tagged & flagged:
        raise BuildError(f"{where}: {obj['sid']}: entity {sorted(both)} is both tagged and flagged")
    if missing := expected - tagged - flagged:
        raise BuildError(f"{where}: {obj['sid']}: entity {sorted(missing)} neither tagged nor flagged")
    for k, reason in flags.items():
        if not isinstance(reason, str) or not reason.strip():
            raise BuildError(f"{where}: {obj['sid']}: flag for entity {k} needs a reason")
    return text, spans, flags


def check(output: Path, input_path: Path) -> int:
    """Check one translated batch against its input; print every problem."""
    inputs = [o for _, o in read_jsonl(input_path)]
    expected = {o["sid"]: {int(k) for k in o["entities"]} for o in inputs}
    problems, seen = [], set()
    for line_no, obj in read_jsonl(output):
        sid = obj.get("sid")
        if sid not in expected:
            problems.append(f"{output}:{line_no}: sid {sid!r} is not in {input_path}")
            continue
        if sid in seen:
            problems.append(f"{output}:{line_no}: sid {sid} occurs twice")
        seen.add(sid)
        try:
            check_translation(output, line_no, obj, expected[sid])
        except BuildError as e:
            problems.append(str(e))
    missing = [s for s in expected if s not in seen]
    if missing:
        problems.append(f"{output}: {len(missing)} sentence(s) not translated yet, first {missing[0]}")
    for p in problems:
        print(p)
    print(f"{len(seen)} of {len(expected)} sentences, {len(problems)} problem(s)")
    return 1 if problems else 0


TYPES = {"COUNTRY": "state", "ORGANIZATION": "organisation", "NATIONALITY": "group",
         "PERSON": "person", "PROFESSION": "person"}
LABELS = {"-1": "critical", "0": "neutral", "1": "supportive"}
SPLITS = (("train", 0.70), ("dev", 0.15), ("test", 0.15))
SEED = "rusentne-en-2026"


def read_entities(path: Path) -> dict[str, list[dict]]:
    """sid -> its entities from entities.tsv (number, upstream line, tag, label)."""
    out: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as f:
        for line_no, r in enumerate(csv.DictReader(f, delimiter="\t"), start=2):
            if r["tag"] not in TYPES or r["label"] not in LABELS or not re.fullmatch(r"e\d+", r["entity"] or ""):
                raise BuildError(f"{path}:{line_no}: bad entity row {dict(r)}")
            out[r["sid"]].append({"n": int(r["entity"][1:]), "upstream_line": int(r["upstream_line"]),
                                  "tag": r["tag"], "label": LABELS[r["label"]]})
    return out


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def near_duplicate_groups(texts: dict[str, str], jaccard: float = 0.6, containment: float = 0.85) -> dict[str, str]:
    """sid -> the first sid of its group: sentences whose word sets overlap by Jaccard >= 0.6, or
    of which one holds >= 85% of the other's words (a headline inside its lead), are chained
    together (union-find), so a split never puts near-copies on both sides."""
    sids = list(texts)
    words = {s: _words(texts[s]) for s in sids}
    parent = {s: s for s in sids}

    def root(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    by_word: dict[str, list[str]] = defaultdict(list)
    for s in sids:
        for w in words[s]:
            by_word[w].append(s)
    for i, a in enumerate(sids):
        wa = words[a]
        candidates = {b for w in wa if len(by_word[w]) < 200 for b in by_word[w] if b > a}
        for b in candidates:
            wb = words[b]
            inter = len(wa & wb)
            small = min(len(wa), len(wb))
            if inter / len(wa | wb) >= jaccard or (small >= 5 and inter / small >= containment):
                parent[root(b)] = root(a)
    return {s: root(s) for s in sids}


def assign_splits(groups: dict[str, str]) -> dict[str, str]:
    """sid -> split, whole groups at a time, in a fixed pseudo-random order (sha1 of the group)."""
    import hashlib

    members: dict[str, list[str]] = defaultdict(list)
    for sid, g in groups.items():
        members[g].append(sid)
    order = sorted(members, key=lambda g: hashlib.sha1(f"{SEED}:{g}".encode()).hexdigest())
    done, out, acc, bounds = 0, {}, 0.0, []
    for name, share in SPLITS:
        acc += share
        bounds.append((name, acc * len(groups)))
    for g in order:
        name = next(n for n, bound in bounds if done < bound)
        for sid in members[g]:
            out[sid] = name
        done += len(members[g])
    return out


def build(data: Path = DATA, out: Path | None = None) -> int:
    """Check every translation and span; write train/dev/test rows and flagged.tsv into out
    (default: the data folder itself)."""
    out = out or data
    entities = read_entities(data / "entities.tsv")
    translations: dict[str, tuple[str, list[Span], dict, str]] = {}
    problems = []
    files = sorted((data / "translations").glob("batch-*.jsonl"))
    if not files:
        raise BuildError(f"{data / 'translations'}: no batch-*.jsonl files")
    for path in files:
        for line_no, obj in read_jsonl(path):
            sid = obj.get("sid")
            shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            where = f"{shown}:{line_no}"
            if sid not in entities:
                problems.append(f"{where}: unknown sid {sid!r}")
                continue
            if sid in translations:
                problems.append(f"{where}: {sid} is translated twice (also {translations[sid][3]})")
                continue
            try:
                text, spans, flags = check_translation(shown, line_no, obj, {e["n"] for e in entities[sid]})
            except BuildError as e:
                problems.append(str(e))
                continue
            translations[sid] = (text, spans, flags, where)
    missing = [s for s in entities if s not in translations]
    if missing:
        problems.append(f"{data / 'translations'}: {len(missing)} sentence(s) have no translation, first {missing[0]}")
    if problems:
        raise BuildError("\n".join(problems))
    groups = near_duplicate_groups({s: t[0] for s, t in translations.items()})
    split_of = assign_splits(groups)
    rows: dict[str, list[dict]] = {name: [] for name, _ in SPLITS}
    flagged = []
    for sid, ents in entities.items():
        text, spans, flags, _ = translations[sid]
        by_n = {sp.n: sp for sp in spans}
        for e in ents:
            base = {"id": f"{sid}-e{e['n']}", "sentence_id": sid, "tag": e["tag"], "type": TYPES[e["tag"]],
                    "label": e["label"], "upstream_line": e["upstream_line"]}
            if e["n"] in by_n:
                sp = by_n[e["n"]]
                rows[split_of[sid]].append({"text": text, "actor": text[sp.start:sp.end], "start": sp.start,
                                            "end": sp.end, **base, "group": groups[sid]})
            else:
                flagged.append({**base, "split": split_of[sid], "reason": flags[str(e["n"])]})
    out.mkdir(parents=True, exist_ok=True)
    for name, part in rows.items():
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for r in part:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(out / "flagged.tsv", "w", encoding="utf-8") as f:
        f.write("id\tsplit\ttag\tlabel\treason\n")
        for r in flagged:
            f.write(f"{r['id']}\t{r['split']}\t{r['tag']}\t{r['label']}\t{r['reason']}\n")
    print_counts(rows, flagged)
    return 0


def print_counts(rows: dict[str, list[dict]], flagged: list[dict]) -> None:
    """Rows by label x type per split, as a Markdown table (the data README's table)."""
    types = ["state", "organisation", "group", "person"]
    print("| split | sentences | rows | " + " | ".join(f"{t} s/c/n" for t in types) + " | non-person s/c/n |")
    print("|---|---|---|" + "---|" * (len(types) + 1))
    for name, part in rows.items():
        def scn(rs):
            return "/".join(str(sum(r["label"] == lab for r in rs)) for lab in ("supportive", "critical", "neutral"))
        cells = [scn([r for r in part if r["type"] == t]) for t in types]
        nonperson = scn([r for r in part if r["type"] != "person"])
        print(f"| {name} | {len({r['sentence_id'] for r in part}):,} | {len(part):,} | " + " | ".join(cells)
              + f" | {nonperson} |")
    print(f"flagged (no English mention, left out): {len(flagged)} rows")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("out_dir", type=Path)
    p.add_argument("--batches", type=int, default=15)
    c = sub.add_parser("check")
    c.add_argument("output", type=Path)
    c.add_argument("--input", type=Path, required=True)
    b = sub.add_parser("build")
    b.add_argument("--out", type=Path, default=None, help="where the rows go (default: data/rusentne-en/)")
    args = parser.parse_args(argv)
    try:
        if args.command == "prepare":
            prepare(args.out_dir, args.batches)
            return 0
        if args.command == "check":
            return check(args.output, args.input)
        return build(out=args.out)
    except BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
