"""Behaviour of the shipped relation model (models/relations-minilm) on clear cases and on the
FAZ example article (issue 19: China -> Russia supportive, a critical relation toward the US)."""

from pathlib import Path

import pytest

import stance

FAZ = Path(__file__).resolve().parents[2] / "shared" / "examples" / "articles" / "china-russia-faz.txt"


def test_relation_model_is_loaded_once():
    assert stance.load_relations() is stance.load_relations()


@pytest.mark.parametrize("text, source, target, label", [
    ("Russia praised China but condemned the United States.", "Russia", "China", "supportive"),
    ("Russia praised China but condemned the United States.", "Russia", "United States", "critical"),
    ("Russia praised China but condemned the United States.", "China", "Russia", "neutral"),
    ("Beijing accused Washington of Cold War thinking.", "Beijing", "Washington", "critical"),
    ("NATO pledged military aid to Ukraine.", "NATO", "Ukraine", "supportive"),
])
def test_clear_relations(text, source, target, label):
    assert stance.predict_relation(text, source=source, target=target).label == label


def test_direction_of_a_clear_case():
    text = "Germany thanked France for its help during the floods."
    forward = stance.predict_relation(text, source="Germany", target="France")
    backward = stance.predict_relation(text, source="France", target="Germany")
    assert forward.scores["supportive"] > backward.scores["supportive"]


def test_faz_article_relations():
    if not FAZ.is_file():
        pytest.skip(f"the FAZ example article is not at {FAZ} (it lives in ../shared beside the checkout)")
    report = stance.analyze(FAZ.read_text(encoding="utf-8"))
    pairs = {(r.source, r.target): r for r in report.relations}
    assert pairs[("China", "Russia")].stance == "supportive"
    assert any(r.target == "United States" and r.critical > 0 for r in report.relations)
