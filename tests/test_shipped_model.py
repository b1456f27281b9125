"""Behaviour of the shipped default model (models/newsmtsc-minilm)."""

import pytest

import stance


@pytest.fixture(scope="module")
def model():
    return stance.load()


def test_default_is_loaded_once():
    assert stance.load() is stance.load()


@pytest.mark.parametrize("text, actor, label", [
    ("China has reaffirmed its partnership with Russia.", "Russia", "supportive"),
    ("Russia praised China but condemned the United States.", "China", "supportive"),
    ("Russia praised China but condemned the United States.", "United States", "critical"),
    ("China rejected the illegal sanctions imposed by the United States.", "United States", "critical"),
    ("The senator praised Merkel for her quick response to the flooding.", "Merkel", "supportive"),
    ("Critics accused Trump of lying about the payments.", "Trump", "critical"),
])
def test_clear_cases(model, text, actor, label):
    assert stance.predict(text, actor=actor).label == label


def test_two_actors_in_one_sentence_get_different_labels(model):
    text = "Russia praised China but condemned the United States."
    china, us = stance.predict([text, text], actor=["China", "United States"])
    assert china.label != us.label


def test_long_article_keeps_the_mention():
    text = "The talks went on. " * 3000 + "Analysts praised Lavrov for his patience. " + "Nothing else happened. " * 3000
    p = stance.predict(text, actor="Lavrov")
    assert text[p.start:p.end] == "Lavrov" and p.label == "supportive"


def test_rw_test_macro_f1(newsmtsc):
    from stance.data import load_rows
    from stance.evaluation import evaluate

    metrics, _, _ = evaluate(stance.load(), load_rows(newsmtsc / "rw" / "test.jsonl"), bootstrap=0)
    assert metrics["macro_f1"] >= 0.77
