"""Relations (who supports or criticises whom): data rows, encoding, a tiny relation model
trained through stance train, predict_relation, article relations, the CLI and the graph."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

import stance
from stance.data import DataError, load_rows
from stance.encoding import Encoder, InputFormat, mark_source
from stance.evaluation import direction_accuracy

from .conftest import write_jsonl

PAIRS = [
    ("China praised Russia for its support.", "China", "Russia", "supportive"),
    ("China condemned Russia for the war.", "China", "Russia", "critical"),
    ("China met Russia in Beijing.", "China", "Russia", "neutral"),
    ("Germany thanked France for the peace deal.", "Germany", "France", "supportive"),
    ("Germany attacked France over the sanctions.", "Germany", "France", "critical"),
    ("Merkel visited Biden again.", "Merkel", "Biden", "neutral"),
]


def relation_rows(pairs=PAIRS, reverse=True) -> list[dict]:
    rows = []
    for text, source, target, label in pairs:
        s, t = text.index(source), text.index(target)
        rows.append({"text": text, "source": source, "source_start": s, "source_end": s + len(source),
                     "target": target, "target_start": t, "target_end": t + len(target), "label": label})
        if reverse:
            rows.append({"text": text, "source": target, "source_start": t, "source_end": t + len(target),
                         "target": source, "target_start": s, "target_end": s + len(source), "label": "neutral"})
    return rows


@pytest.fixture(scope="session")
def relation_folder(tiny_model, tmp_path_factory):
    """A relation model fine-tuned from the tiny stance model, as configs/relations-minilm.yaml does;
    trained to fit its rows (30 epochs): with 2, whether the 32-wide model had learnt direction
    depended on the CPU's arithmetic."""
    from stance.config import load_config
    from stance.training import train

    data = tmp_path_factory.mktemp("relations")
    rows = [{**r, "text": f"{r['text']} again {k}"} for k in range(3) for r in relation_rows()]
    train_file = write_jsonl(data / "train.jsonl", rows)
    out = tmp_path_factory.mktemp("models") / "tiny-relations"
    cfg = load_config(None, [f"base_model={tiny_model}", f"train_file={train_file}", f"output_dir={out}",
                             'source_markers=["[[", "]]"]', "epochs=30", "keep=last", "batch_size=8", "learning_rate=1e-3",
                             "max_length=48", f"checkpoint_dir={data / 'ckpt'}", "bf16=false", "export_onnx=false"])
    return train(cfg)


@pytest.fixture(scope="session")
def relation_model(relation_folder):
    return stance.load_relations(relation_folder)


def test_mark_source_shifts_the_target_after_it():
    fmt = InputFormat(source_open="[[", source_close="]]")
    text = "Russia praised China."
    marked, s, e = mark_source(text, 15, 20, 0, 6, fmt)
    assert marked == "[[ Russia ]] praised China." and marked[s:e] == "China"
    marked, s, e = mark_source(text, 0, 6, 15, 20, fmt)
    assert marked == "Russia praised [[ China ]]." and marked[s:e] == "Russia"


def test_input_format_checks_source_markers():
    with pytest.raises(ValueError, match="both source_open and source_close"):
        InputFormat(source_open="[[")
    assert not InputFormat().relation and InputFormat(source_open="[[", source_close="]]").relation


def test_plain_model_refuses_a_source(tiny_model):
    model = stance.load(tiny_model)
    with pytest.raises(ValueError, match="not a relation model"):
        Encoder(model.tokenizer, model.settings.format).encode_relation("China met Russia.", 10, 16, 0, 5)
    with pytest.raises(stance.ModelFolderError, match="not a relation model"):
        stance.load_relations(tiny_model)


def test_relation_rows_load_with_their_source(tmp_path):
    rows = load_rows(write_jsonl(tmp_path / "r.jsonl", relation_rows(PAIRS[:1])))
    assert rows[0].source_span == (0, 5) and (rows[0].start, rows[0].end) == (14, 20)
    assert rows[1].source_span == (14, 20)


@pytest.mark.parametrize("change, reason", [
    ({"source_start": 0, "source_end": 99}, "out of range"),
    ({"source": "Japan"}, "does not contain"),
    ({"source_end": None}, "both source_start and source_end"),
    ({"source": "Russia", "source_start": 14, "source_end": 20}, "overlaps the target"),
])
def test_bad_relation_rows_name_file_and_line(tmp_path, change, reason):
    row = {**relation_rows(PAIRS[:1], reverse=False)[0], **change}
    path = write_jsonl(tmp_path / "bad.jsonl", [relation_rows(PAIRS[1:2], reverse=False)[0], row])
    with pytest.raises(DataError, match=f"bad.jsonl:2: .*{reason}"):
        load_rows(path)


def test_predict_relation_single_and_lists(relation_model):
    r = stance.predict_relation("China praised Russia for its support.", source="China", target="Russia",
                                model=relation_model)
    assert isinstance(r, stance.Relation) and r.label in stance.LABELS
    assert (r.source_mention, r.source_start, r.target_mention, r.target_start) == ("China", 0, "Russia", 14)
    assert abs(sum(r.scores.values()) - 1) < 1e-5 and r.score == max(r.scores.values())
    assert set(r.to_dict()) >= {"label", "score", "scores", "source", "target", "source_start", "target_end"}
    texts = [p[0] for p in PAIRS]
    many = stance.predict_relation(texts, source=[p[1] for p in PAIRS], target=[p[2] for p in PAIRS],
                                   model=relation_model)
    assert [m.target for m in many] == [p[2] for p in PAIRS]
    # a batch pads its rows, so the scores may differ from the single call in the last float bits
    assert replace(many[0], score=r.score, scores=r.scores) == r
    assert many[0].scores == pytest.approx(r.scores, abs=1e-5)


def test_relation_model_learns_direction(relation_model, tmp_path):
    """Trained on A -> B labelled and B -> A neutral, the tiny model ranks the true direction higher."""
    rows = load_rows(write_jsonl(tmp_path / "rows.jsonl", relation_rows()))
    probs = relation_model.predict_proba([(r.text, r.start, r.end, *r.source_span) for r in rows])
    assert direction_accuracy(rows, probs)["accuracy"] >= 0.75


def test_author_source_is_the_stance_model(relation_model, tiny_model):
    model = stance.load(tiny_model)
    text = "The illegal sanctions imposed by the United States hurt Russia."
    r = stance.predict_relation(text, source=stance.AUTHOR, target="United States", model=relation_model,
                                stance_model=model)
    p = model.predict(text, actor="United States")
    assert (r.label, r.scores, r.target_start) == (p.label, p.scores, p.start)
    assert r.source == "AUTHOR" and r.source_mention is None and r.source_start is None


@pytest.mark.parametrize("kwargs, error, message", [
    ({"source": "Japan", "target": "Russia"}, ValueError, "source: actor 'Japan' does not occur"),
    ({"source": "China", "target": "Japan"}, ValueError, "target: actor 'Japan' does not occur"),
    ({"source": "China", "target": "China"}, ValueError, "same mention"),
    ({"source": "China", "target": "Russia", "source_span": (0, 99)}, ValueError, "out of range"),
    ({"source": stance.AUTHOR, "target": "Russia", "source_span": (0, 5)}, ValueError, "no source_span"),
    ({"source": "China", "target": stance.AUTHOR}, ValueError, "only be a source"),
    ({"source": None, "target": "Russia"}, TypeError, "source must be"),
])
def test_predict_relation_errors(relation_model, kwargs, error, message):
    with pytest.raises(error, match=message):
        stance.predict_relation("China praised Russia.", model=relation_model, **kwargs)


def test_list_errors_name_the_item(relation_model):
    with pytest.raises(ValueError, match="item 1: source"):
        stance.predict_relation(["China praised Russia.", "China met Russia."], source=["China", "Japan"],
                                target="Russia", model=relation_model)
    with pytest.raises(ValueError, match="got 2 texts but 3 values of source"):
        stance.predict_relation(["a", "b"], source=["x", "y", "z"], target="Russia", model=relation_model)


ARTICLE = ("China praised Russia for its support. Russia condemned Germany over the sanctions.\n"
           "Germany met France in Moscow.")


def test_analyze_reports_relations(tiny_model, relation_model):
    report = stance.analyze(ARTICLE, model=tiny_model, relation_model=relation_model)
    assert report.relations is not None
    for r in report.relations:
        assert isinstance(r, stance.ActorRelation) and r.source != r.target
        assert r.supportive + r.critical >= 1 and r.sentences == r.supportive + r.critical + r.neutral
        assert r.stance in ("supportive", "critical", "mixed")
        e = r.evidence[0]
        assert ARTICLE[e.source_start:e.source_end] == e.source_mention
        assert f"[[{e.source_mention}]]" in e.marked_sentence() and f"<<{e.target_mention}>>" in e.marked_sentence()
    assert "relations" in report.to_dict()
    if report.relations:
        assert "Who supports whom" in report.to_html()
    assert stance.analyze(ARTICLE, model=tiny_model, relations=False).relations is None


def test_sentence_pairs_skip_one_actor_twice():
    from stance.actors import Mention
    from stance.article_relations import sentence_pairs

    a, b, c = Mention("Russia", "state", "Russia", 0, 6), Mention("Russia", "state", "Moscow", 10, 16), \
        Mention("China", "state", "China", 20, 25)
    assert sentence_pairs([a, b, c]) == [(a, c), (b, c), (c, a), (c, b)]


def test_cli_analyze_relations_and_graph(tiny_model, relation_folder, tmp_path, capsys):
    from stance.cli import main

    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    base = ["analyze", str(article), "--model", str(tiny_model), "--relation-model", str(relation_folder),
            "--quiet"]
    assert main(base + ["--relations"]) == 0
    assert "relations (source -> target)" in capsys.readouterr().out
    assert main(base + ["--relations", "--format", "json"]) == 0
    assert "relations" in json.loads(capsys.readouterr().out)["articles"][0]
    out = tmp_path / "report.csv"
    assert main(base + ["--relations", "--format", "csv", "--output", str(out)]) == 0
    header = (tmp_path / "report.relations.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "article,source,target,sentences,supportive,critical,neutral,stance,net"
    assert main(base + ["--format", "csv", "--relations"]) == 2
    assert "needs --output" in capsys.readouterr().err
    graph = tmp_path / "graph.png"
    assert main(base + ["--graph", str(graph)]) == 0
    assert graph.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_merged_relations_sum_over_articles(tiny_model, relation_model):
    from stance.relation_graph import merged_relations

    report = stance.analyze(ARTICLE, model=tiny_model, relation_model=relation_model)
    merged = merged_relations([report, report])
    for m in merged:
        one = next(r for r in report.relations if (r.source, r.target) == (m["source"], m["target"]))
        assert m["supportive"] == 2 * one.supportive and m["critical"] == 2 * one.critical


def test_direction_accuracy_counts(tmp_path):
    rows = load_rows(write_jsonl(tmp_path / "rows.jsonl", relation_rows(PAIRS[:2])))  # A -> B labelled, B -> A neutral
    good = [[0.1, 0.2, 0.7], [0.1, 0.8, 0.1], [0.7, 0.2, 0.1], [0.2, 0.7, 0.1]]
    assert direction_accuracy(rows, good) == {"n": 2, "accuracy": 1.0, "mutual": 0, "no_reverse": 0}
    bad = [[0.1, 0.8, 0.1], [0.1, 0.2, 0.7], [0.7, 0.2, 0.1], [0.2, 0.7, 0.1]]
    assert direction_accuracy(rows, bad)["accuracy"] == 0.5
