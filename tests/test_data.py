import json

import pytest

from stance.data import DataError, load_rows, newsmtsc_article
from stance.labels import normalize_label


@pytest.mark.parametrize("raw, label", [("positive", "supportive"), (-1, "critical"), ("0", "neutral"),
                                        (1.0, "supportive"), ("Critical", "critical")])
def test_label_vocabularies(raw, label):
    assert normalize_label(raw) == label


@pytest.mark.parametrize("raw", ["good", 2, True, None])
def test_unknown_labels(raw):
    with pytest.raises(ValueError, match="unknown label"):
        normalize_label(raw)


def test_newsmtsc_fields_load_as_they_are(tmp_path):
    row = {"mention": "Trump", "polarity": -1, "from": 4, "to": 9, "sentence": "But Trump lost.",
           "id": "polusa_v1_4359001_-1_13_Donald Trump_4_9"}
    path = tmp_path / "n.jsonl"
    path.write_text(json.dumps(row) + "\n")
    [r] = load_rows(path)
    assert (r.text, r.actor, r.start, r.end, r.label) == ("But Trump lost.", "Trump", 4, 9, "critical")
    assert r.article_id == "polusa_v1_4359001_-1"
    assert newsmtsc_article("allsides_1000_401_25_Reality Leigh Winner_0_6") == "allsides_1000_401"


def test_every_bad_row_is_reported_with_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": "China backed Russia.", "actor": "Russia", "label": "supportive"}),
        json.dumps({"text": "China backed Russia.", "actor": "NATO", "label": "supportive"}),
        json.dumps({"text": "China backed Russia.", "actor": "China", "label": "great"}),
        json.dumps({"text": "China backed Russia.", "label": "neutral"}),
        json.dumps({"text": "China backed Russia.", "actor": "China", "label": "neutral", "start": 3, "end": 9}),
    ]) + "\n")
    with pytest.raises(DataError) as info:
        load_rows(path)
    problems = info.value.problems
    assert [p.split(": ")[0] for p in problems] == [f"{path}:{n}" for n in (2, 3, 4, 5)]
    assert "'NATO' does not occur" in problems[0]
    assert "unknown label" in problems[1]
    assert "missing column 'actor'" in problems[2]
    assert "does not contain the actor" in problems[3]


def test_skip_bad_rows_lists_what_it_skips(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "A met B.", "actor": "A", "label": "neutral"}) + "\n"
                    + json.dumps({"text": "A met B.", "actor": "C", "label": "neutral"}) + "\n")
    with pytest.warns(UserWarning, match=r"skipped .*bad.jsonl:2"):
        rows = load_rows(path, skip_bad_rows=True)
    assert len(rows) == 1


def test_malformed_json_names_the_line(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text('{"text": "A met B.", "actor": "A", "label": "neutral"}\n{"text": oops}\n')
    with pytest.raises(DataError, match=r"m.jsonl:2: malformed JSON"):
        load_rows(path)


@pytest.mark.parametrize("content", ["", "\n\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "e.jsonl"
    path.write_text(content)
    with pytest.raises(DataError, match="empty"):
        load_rows(path)


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_rows(tmp_path / "nope.jsonl")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_with_bom_and_other_delimiters(tmp_path, delimiter):
    path = tmp_path / "rows.csv"
    lines = [delimiter.join(["text", "actor", "label"]),
             delimiter.join(['"China, again, backed Russia."', "Russia", "positive"]),
             delimiter.join(["NATO warned Moscow.", "Moscow", "negative"])]
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    rows = load_rows(path)
    assert [(r.actor, r.label, r.line) for r in rows] == [("Russia", "supportive", 2), ("Moscow", "critical", 3)]
    assert rows[0].text == "China, again, backed Russia."


def test_csv_missing_column(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("text,label\nChina backed Russia.,neutral\n")
    with pytest.raises(DataError, match=r"rows.csv:2: missing column 'actor'"):
        load_rows(path)


def test_duplicate_rows_only_warn(tmp_path):
    row = json.dumps({"text": "A met B.", "actor": "A", "label": "neutral"})
    path = tmp_path / "d.jsonl"
    path.write_text(row + "\n" + row + "\n")
    with pytest.warns(UserWarning, match=r"d.jsonl:2: duplicate row \(first at line 1\)"):
        assert len(load_rows(path)) == 2


def test_reads_newsmtsc_test_files(newsmtsc):
    rw = load_rows(newsmtsc / "rw" / "test.jsonl")
    mt = load_rows(newsmtsc / "mt" / "test.jsonl")
    assert (len(rw), len(mt)) == (803, 1034)
    assert all(r.article_id for r in rw + mt)
