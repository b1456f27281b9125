"""stance corpus and stance.analyze_corpus: the tables against analyze, resuming, bad rows,
Parquet and folder input; predict_frame."""

import csv
import json

import pytest

import stance
from stance.cli import main
from stance.summary import ALL, SummaryAccumulator, period_of

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

ARTICLES = [
    {"id": "a1", "text": "China praised Russia for its support.\nNATO condemned Moscow over the war.",
     "date": "2022-03-01", "outlet": "Daily One", "topic": "war"},
    {"id": "a2", "text": "Germany met France in Moscow. The EU backed Ukraine.", "date": "2022-03-20",
     "outlet": "Daily Two", "topic": "eu"},
    {"id": "a3", "text": "Washington criticised Beijing. China rejected the claim.", "date": "2022-04-02T10:00:00",
     "outlet": "Daily One", "topic": "trade"},
    {"id": "a4", "text": "Nothing about any actor here.", "date": "2022-04-05", "outlet": "Daily Two", "topic": "x"},
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def run(capsys, *args):
    code = main([str(a) for a in args])
    return code, *capsys.readouterr()


def test_periods():
    import datetime as dt

    d = dt.date(2022, 3, 1)
    assert [period_of(d, b) for b in ("day", "week", "month", "year")] == ["2022-03-01", "2022-W09", "2022-03", "2022"]
    assert period_of(None, "month") == "undated"
    with pytest.raises(ValueError, match="by must be"):
        period_of(d, "decade")


def test_summary_interval_contains_the_mean():
    acc = SummaryAccumulator(bootstrap=300)
    for i in range(40):
        acc.add("Russia", "2022-03", ALL, "critical" if i % 3 else "neutral", 0.1, 0.6 if i % 3 else 0.1, f"k{i}")
    [row] = acc.rows()
    assert row["n"] == 40 and row["critical"] == 26 and row["net_low"] <= row["net"] <= row["net_high"]
    assert row["share_critical"] == pytest.approx(26 / 40)


def test_corpus_tables_match_analyze_and_resume(capsys, tiny_model, tmp_path):
    src = write_jsonl(tmp_path / "articles.jsonl", ARTICLES)
    out = tmp_path / "out"
    code, _, err = run(capsys, "corpus", src, "--out", out, "--model", tiny_model, "--group", "outlet", "--quiet")
    assert code == 0, err
    mentions = pd.read_parquet(out / "mentions.parquet")
    articles = pd.read_csv(out / "articles.csv")
    summary = pd.read_csv(out / "summary.csv")
    model = stance.load(tiny_model)
    reports = {a["id"]: stance.analyze(a["text"], model=model) for a in ARTICLES}
    assert len(mentions) == sum(a.mentions for r in reports.values() for a in r.actors)
    assert len(articles) == sum(len(r.actors) for r in reports.values())
    for aid, report in reports.items():
        for a in report.actors:
            rows = mentions[(mentions.article_id == aid) & (mentions.actor == a.actor)]
            assert sorted(rows.label) == sorted(e.label for e in a.evidence)
            row = articles[(articles.article_id == aid) & (articles.actor == a.actor)].iloc[0]
            assert (row.stance, row.mentions) == (a.stance, a.mentions)
    assert {"article_id", "date", "period", "actor", "kind", "mention", "sentence", "start", "end", "label",
            "score", "p_supportive", "p_critical", "p_neutral", "outlet", "topic"} <= set(mentions.columns)
    assert set(mentions.period) == {"2022-03", "2022-04"}
    assert {"actor", "period", "group", "n", "supportive", "critical", "neutral", "share_critical",
            "share_supportive", "net", "net_low", "net_high"} == set(summary.columns)
    alls = summary[summary.group == ALL]
    assert alls.n.sum() == len(mentions) and summary[summary.group != ALL].n.sum() == len(mentions)
    assert sorted(p.name for p in (out / "plots").glob("*.png"))  # timelines and the heatmap
    assert (out / "plots" / "heatmap-actor-outlet.png").is_file()



def test_resume_skips_finished_articles(capsys, tiny_model, tmp_path):
    src = write_jsonl(tmp_path / "articles.jsonl", ARTICLES[:2])
    out = tmp_path / "out"
    assert run(capsys, "corpus", src, "--out", out, "--model", tiny_model, "--quiet")[0] == 0
    first = pd.read_parquet(out / "mentions.parquet")
    write_jsonl(src, ARTICLES)
    code, _, err = run(capsys, "corpus", src, "--out", out, "--model", tiny_model, "--quiet")
    assert code == 0 and "2 articles analysed (2 already done)" in err
    both = pd.read_parquet(out / "mentions.parquet")
    assert len(both) > len(first) and set(first.article_id) < set(both.article_id)
    assert len(both.drop_duplicates(["article_id", "start", "actor"])) == len(both)  # nothing redone


@pytest.mark.parametrize("bad, message", [
    ({"id": "x", "date": "2022-01-01"}, "missing text"),
    ({"id": "x", "text": "China backed Russia.", "date": "01/03/2022"}, "bad date '01/03/2022'"),
    ({"text": "China backed Russia."}, "missing id"),
    ({"id": "x", "text": "China backed Russia.", "label": "y"}, "the input has column(s) label, which the mention table writes"),
])
def test_bad_rows_name_file_and_line(capsys, tiny_model, tmp_path, bad, message):
    src = write_jsonl(tmp_path / "articles.jsonl", [ARTICLES[0], bad])
    code, _, err = run(capsys, "corpus", src, "--out", tmp_path / "o", "--model", tiny_model, "--quiet")
    assert code == 2 and f"error: {src}:2: {message}" in err


def test_parquet_and_folder_input_and_the_python_api(capsys, tiny_model, tmp_path):
    frame = pd.DataFrame(ARTICLES)
    frame.to_parquet(tmp_path / "a.parquet")
    assert run(capsys, "corpus", tmp_path / "a.parquet", "--out", tmp_path / "p", "--model", tiny_model,
               "--by", "week", "--quiet")[0] == 0
    files = pd.read_parquet(tmp_path / "p" / "mentions.parquet")
    tables = stance.analyze_corpus(frame, model=str(tiny_model), by="week")
    assert set(tables) == {"mentions", "articles", "summary"}
    assert list(tables["mentions"].sort_values(["article_id", "start"]).label) == \
        list(files.sort_values(["article_id", "start"]).label)
    folder = tmp_path / "txt"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLES[0]["text"], encoding="utf-8")
    assert run(capsys, "corpus", folder, "--out", tmp_path / "f", "--model", tiny_model, "--quiet")[0] == 0
    assert set(pd.read_parquet(tmp_path / "f" / "mentions.parquet").article_id) == {"one.txt"}


def test_predict_frame_adds_columns_and_refuses_to_overwrite(tiny_model):
    model = stance.load(tiny_model)
    df = pd.DataFrame({"text": ["China backed Russia.", "The U.S. condemned the coup."],
                       "actor": ["Russia", "United States"], "label": ["supportive", "critical"]})
    out = stance.predict_frame(df, model=model)
    assert list(out.label) == ["supportive", "critical"] and set(out.predicted) <= set(stance.LABELS)
    assert "predicted" not in df.columns  # a copy
    with pytest.raises(ValueError, match="already has column"):
        stance.predict_frame(out, model=model)
    report = stance.analyze("China backed Russia.", model=model)
    assert list(report.to_frame().columns)[:2] == ["article", "actor"]
