"""The non-person evaluation set (data/nonperson/): our annotations, rebuilt with text from ../shared/."""

import json
import subprocess
import sys
from collections import Counter

import pytest

from tests.conftest import NEWSMTSC, REPO

SET = REPO / "data" / "nonperson"


def _annotations(split):
    return [json.loads(line) for line in (SET / f"{split}.jsonl").read_text().splitlines() if line.strip()]


def test_annotations_hold_no_text_and_are_complete():
    rows = _annotations("dev") + _annotations("test")
    assert len(rows) >= 400
    rows += _annotations("train")
    for r in rows:
        assert "text" not in r and "sentence" not in r
        assert r["label"] in ("supportive", "critical", "neutral")
        assert r["type"] in ("state", "capital", "organisation", "group")
        assert r["source"] in ("newsmtsc", "article") and 0 <= r["start"] < r["end"]
    assert set(Counter(r["label"] for r in rows)) == {"supportive", "critical", "neutral"}


@pytest.mark.skipif(not NEWSMTSC.is_dir(), reason="needs ../shared/data/newsmtsc (the sentences are not committed)")
def test_loader_rebuilds_rows_and_split_is_by_article(tmp_path):
    out = subprocess.run([sys.executable, str(REPO / "training" / "build_nonperson_set.py"), "--out", str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    dev = [json.loads(x) for x in (tmp_path / "dev.jsonl").read_text().splitlines()]
    test = [json.loads(x) for x in (tmp_path / "test.jsonl").read_text().splitlines()]
    train = [json.loads(x) for x in (tmp_path / "train.jsonl").read_text().splitlines()]
    for r in dev + test + train:
        assert r["text"][r["start"]:r["end"]] == r["actor"]
    assert not {r["article_id"] for r in dev} & {r["article_id"] for r in test}
    assert not {r["article_id"] for r in train} & ({r["article_id"] for r in dev} | {r["article_id"] for r in test})
    train_articles = set()
    from stance.data import newsmtsc_article

    for line in (NEWSMTSC / "train.jsonl").read_text().splitlines():
        train_articles.add(newsmtsc_article(json.loads(line)["id"]))
    assert not {r["article_id"] for r in test} & train_articles


def test_loader_names_a_bad_annotation(tmp_path):
    sys.path.insert(0, str(REPO / "training"))
    from build_nonperson_set import BuildError, build

    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"source": "newsmtsc", "id": "no-such-row", "start": 0, "end": 3, "mention": "abc",
                               "actor": "X", "type": "state", "label": "neutral"}) + "\n")
    if not NEWSMTSC.is_dir():
        pytest.skip("needs ../shared/data/newsmtsc")
    with pytest.raises(BuildError, match=r"bad.jsonl:1: NewsMTSC row 'no-such-row' not found"):
        build(bad, REPO.parent / "shared")


def test_written_sentences_parse_into_whole_word_mentions():
    sys.path.insert(0, str(REPO / "training"))
    from build_nonperson_set import written_rows

    rows = written_rows(SET / "written.tsv")
    assert len(rows) >= 400
    assert set(Counter(r["label"] for r in rows)) == {"supportive", "critical", "neutral"}
    for r in rows:
        assert r["text"][r["start"]:r["end"]] == r["actor"]
        assert not r["text"][r["end"]:r["end"] + 1].isalnum() and not r["text"][r["start"] - 1:r["start"]].isalnum()
    athletes = [r for r in rows if "Olympics over Russia's" in r["text"] and r["actor"] == "Russia"]
    assert athletes and athletes[0]["start"] > 0  # not the "Russia" inside "Russian athletes"


def test_written_sentences_name_a_bad_line(tmp_path):
    sys.path.insert(0, str(REPO / "training"))
    from build_nonperson_set import BuildError, written_rows

    good = "Moscow praised Ankara.\tMoscow|capital|n; Ankara|capital|s\n"
    (tmp_path / "a.tsv").write_text("# comment\n" + good + "Paris condemned Rome.\tRome|capital|x\n")
    with pytest.raises(BuildError, match=r"a.tsv:3: bad annotation 'Rome\|capital\|x'"):
        written_rows(tmp_path / "a.tsv")
    (tmp_path / "b.tsv").write_text(good + "Paris condemned Rome.\tBerlin|capital|c\n")
    with pytest.raises(BuildError, match=r"b.tsv:2: 'Berlin' \(occurrence 1\) not in the sentence"):
        written_rows(tmp_path / "b.tsv")
    (tmp_path / "c.tsv").write_text("Russians praised Russia.\tRussia@2|state|s\n")
    with pytest.raises(BuildError, match=r"c.tsv:1: 'Russia' \(occurrence 2\)"):
        written_rows(tmp_path / "c.tsv")
    (tmp_path / "d.tsv").write_text(good)
    assert [r["label"] for r in written_rows(tmp_path / "d.tsv")] == ["neutral", "supportive"]
