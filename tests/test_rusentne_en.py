"""RuSentNE-en (data/rusentne-en/): the builder's checks, and that the committed rows are what
the builder makes from the committed translations."""

import csv
import json
import sys

import pytest

from tests.conftest import REPO, SHARED

sys.path.insert(0, str(REPO / "training"))
import build_rusentne_en as b  # noqa: E402

DATA = REPO / "data" / "rusentne-en"


def test_parse_tags_nested_and_errors():
    text, spans = b.parse_tags("the <e1>political leader of the <e2>Bosnian Serbs</e2></e1> said")
    assert text == "the political leader of the Bosnian Serbs said"
    assert [(s.n, text[s.start:s.end]) for s in spans] == [(1, "political leader of the Bosnian Serbs"),
                                                           (2, "Bosnian Serbs")]
    for bad, why in [("<e1>a <e2>b</e1> c</e2>", "does not match"), ("<e1>a</e1> <e1>b</e1>", "occurs twice"),
                     ("<e1></e1>x", "empty"), ("<e1>open", "not closed"), ("<e1> Moscow</e1>", "space")]:
        with pytest.raises(ValueError, match=why):
            b.parse_tags(bad)


def test_check_reports_file_and_line(tmp_path):
    out = tmp_path / "batch.jsonl"
    out.write_text(json.dumps({"sid": "rs1", "en": "<e1>Moscow</e1> and <e2>Kyiv</e2>", "flags": {}}) + "\n"
                   + json.dumps({"sid": "rs2", "en": "Russia said", "flags": {}}) + "\n"
                   + json.dumps({"sid": "rs3", "en": "<e1>Paris</e1>", "flags": {"1": "merged"}}) + "\n",
                   encoding="utf-8")
    expected = {"rs1": {1}, "rs2": {1}, "rs3": {1}}
    problems = []
    for line, obj in b.read_jsonl(out):
        try:
            b.check_translation(out, line, obj, expected[obj["sid"]])
        except b.BuildError as err:
            problems.append(str(err))
    assert problems == [f"{out}:1: rs1: unknown entity number(s) [2]",
                        f"{out}:2: rs2: entity [1] neither tagged nor flagged",
                        f"{out}:3: rs3: entity [1] is both tagged and flagged"]


def test_committed_rows_are_the_builders_output(tmp_path):
    assert b.build(DATA, tmp_path) == 0
    for name in ("train", "dev", "test"):
        assert (tmp_path / f"{name}.jsonl").read_bytes() == (DATA / f"{name}.jsonl").read_bytes(), name
    assert (tmp_path / "flagged.tsv").read_bytes() == (DATA / "flagged.tsv").read_bytes()


def test_rows_spans_types_and_splits():
    rows = {name: [json.loads(x) for x in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
            for name in ("train", "dev", "test")}
    every = [r for part in rows.values() for r in part]
    assert all(r["text"][r["start"]:r["end"]] == r["actor"] for r in every)
    assert {r["type"] for r in every} == {"state", "organisation", "group", "person"}
    assert all(b.TYPES[r["tag"]] == r["type"] for r in every)
    groups = {name: {r["group"] for r in part} for name, part in rows.items()}
    assert not (groups["train"] & groups["dev"]) and not (groups["train"] & groups["test"]) \
        and not (groups["dev"] & groups["test"])
    sentences = {name: len({r["sentence_id"] for r in part}) for name, part in rows.items()}
    total = sum(sentences.values())
    assert 0.67 < sentences["train"] / total < 0.73 and 0.13 < sentences["test"] / total < 0.17
    flagged = (DATA / "flagged.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(every) + len(flagged) == 6637


def test_entities_match_upstream():
    upstream = SHARED / "data" / "rusentne" / "train.tsv"
    if not upstream.is_file():
        pytest.skip(f"RuSentNE-2023 is not at {upstream} (it lives in ../shared beside the checkout)")
    rows = {r["line"]: r for r in b.read_upstream(upstream)}
    with open(DATA / "entities.tsv", encoding="utf-8", newline="") as f:
        entities = list(csv.DictReader(f, delimiter="\t"))
    assert len(entities) == len(rows) == 6637
    for e in entities:
        up = rows[int(e["upstream_line"])]
        assert (up["entity_tag"], up["label"]) == (e["tag"], e["label"])
