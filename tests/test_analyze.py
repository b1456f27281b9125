"""Article analysis: sentence splitting, actor resolution, aggregation, and the analyze CLI."""

import csv
import io
import json

import pytest

import stance
from stance.actors import ActorFinder, parse_actor_spec
from stance.analyze import analyze
from stance.cli import main
from stance.prediction import Prediction
from stance.sentences import split_sentences
from tests.conftest import SHARED

ARTICLES = SHARED / "examples" / "articles"


# -- sentence splitting -----------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Sen. Warren met Mr. Smith on Friday. She left.", ["Sen. Warren met Mr. Smith on Friday.", "She left."]),
    ("The U.S. and the U.K. agreed. Then they met.", ["The U.S. and the U.K. agreed.", "Then they met."]),
    ("Sanctions were imposed by the U.S. The EU followed.", ["Sanctions were imposed by the U.S.", "The EU followed."]),
    ('"We will not back down," she said. "Never." He agreed.',
     ['"We will not back down," she said.', '"Never."', "He agreed."]),
    ("George W. Bush spoke at 5 p.m. to reporters. Is it over? No!",
     ["George W. Bush spoke at 5 p.m. to reporters.", "Is it over?", "No!"]),
    ("He asked “why?” and left.", ["He asked “why?” and left."]),
])
def test_splitter(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_splitter_offsets_and_boilerplate():
    text = ("Beijing backed Moscow.\nAdvertisement\n  • Follow I follow\nKathrin Hille in Taipei YESTERDAY\n"
            "Additional reporting by Max Seddon in Riga\nShare this article\n"
            "Wang met Lavrov. © Mark Schiefelbein/AP\n\nNATO warned.")
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["Beijing backed Moscow.", "Wang met Lavrov.", "NATO warned."]
    assert all(text[s.start:s.end] == s.text for s in sentences)


# -- actor resolution -------------------------------------------------------------------------
def _found(sentences, finder=None):
    finder = finder or ActorFinder()
    return [[(m.actor, m.text) for m in found] for found in finder.find(sentences)]


def test_states_by_name_demonym_capital_and_seat():
    found = _found(["Moscow and the Kremlin rejected the Russian offer, Washington said.",
                    "The White House and Downing Street praised Kyiv and Brussels.",
                    "The U.S. and the EU-China summit."])
    assert found[0] == [("Russia", "Moscow"), ("Russia", "the Kremlin"), ("Russia", "Russian"), ("United States", "Washington")]
    assert found[1] == [("United States", "White House"), ("United Kingdom", "Downing Street"), ("Ukraine", "Kyiv"),
                        ("European Union", "Brussels")]
    assert found[2] == [("United States", "U.S."), ("European Union", "EU"), ("China", "China")]


def test_countries_without_curated_names_come_from_pycountry():
    assert _found(["Burkina Faso and Uruguay signed."]) == [[("Burkina Faso", "Burkina Faso"), ("Uruguay", "Uruguay")]]


def test_longer_proper_names_are_not_states():
    found = _found(["The Washington Post quoted Michael Jordan and China Daily."])[0]
    assert ("United States", "Washington") not in found and ("Jordan", "Jordan") not in found
    assert ("Michael Jordan", "Michael Jordan") in found


def test_surname_joins_the_full_name_and_titles_are_stripped():
    found = _found(["Chinese Foreign Minister Wang Yi met his Russian counterpart Sergei Lavrov.",
                    "Lavrov praised Wang, and President Putin agreed.", "Russia’s Vladimir Putin spoke."])
    assert found[0] == [("China", "Chinese"), ("Wang Yi", "Wang Yi"), ("Russia", "Russian"),
                        ("Sergei Lavrov", "Sergei Lavrov")]
    assert found[1] == [("Sergei Lavrov", "Lavrov"), ("Wang Yi", "Wang"), ("Vladimir Putin", "Putin")]
    assert found[2] == [("Russia", "Russia"), ("Vladimir Putin", "Vladimir Putin")]


def test_user_actors_with_aliases_merge_with_the_gazetteer():
    finder = ActorFinder({"Russian Federation": ["the Kremlin"], "Gazprom": []})
    found = _found(["Gazprom and Moscow thanked the Kremlin."], finder)[0]
    assert found == [("Gazprom", "Gazprom"), ("Russian Federation", "Moscow"), ("Russian Federation", "the Kremlin")]


def test_discovery_off_finds_only_the_users_actors():
    finder = ActorFinder({"Russia": ["Moscow"]}, discover=False)
    assert _found(["Moscow and Beijing met Joe Biden in Russia."], finder) == [[("Russia", "Moscow"), ("Russia", "Russia")]]
    with pytest.raises(ValueError, match="give the actors"):
        ActorFinder(None, discover=False)
    with pytest.raises(ValueError, match="aliases of 'Russia'"):
        ActorFinder({"Russia": "Moscow"})


def test_actor_spec():
    assert parse_actor_spec("Russia=Moscow, Kremlin") == ("Russia", ["Moscow", "Kremlin"])
    assert parse_actor_spec("NATO") == ("NATO", [])
    with pytest.raises(ValueError, match="empty"):
        parse_actor_spec("=Moscow")


def test_spacy_backend_is_optional():
    try:
        import spacy  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="spaCy"):
            ActorFinder(backend="spacy")
    else:
        pytest.skip("spaCy is installed here")


@pytest.mark.skipif(not ARTICLES.is_dir(), reason="needs ../shared/examples/articles/")
def test_mention_finding_on_the_annotated_articles():
    import sys

    from tests.conftest import REPO

    sys.path.insert(0, str(REPO))
    from benchmarks.actor_finding import find_all, score

    gold = [json.loads(x) for x in (REPO / "tests" / "data" / "article_mentions.jsonl").read_text().splitlines()]
    found, _ = find_all(ARTICLES, sorted({g["article"] for g in gold}), ActorFinder())
    result = score(gold, found)
    assert result["precision"] >= 0.9 and result["recall"] >= 0.9, result


# -- aggregation ------------------------------------------------------------------------------
class RuleModel:
    """A stand-in sentence model: 'praised X' is supportive of X, 'condemned X' critical."""

    def __init__(self):
        self.calls = []

    def predict(self, texts, actors, span=None, batch_size=32):
        self.calls.append(len(texts))
        out = []
        for text, actor, (start, end) in zip(texts, actors, span):
            before = text[:start].split()[-1:] or [""]
            label = {"praised": "supportive", "condemned": "critical"}.get(before[0], "neutral")
            scores = {k: (0.8 if k == label else 0.1) for k in ("supportive", "critical", "neutral")}
            out.append(Prediction(label, 0.8, scores, actor, text[start:end], start, end))
        return out


def test_aggregation_counts_stance_and_evidence():
    text = ("Russia praised China on Monday. Moscow condemned Washington. Beijing praised Moscow.\n"
            "The Kremlin condemned NATO. Russia praised NATO.")
    model = RuleModel()
    report = analyze(text, model=model, article="a.txt")
    assert model.calls == [10]  # one batched call for all mentions
    china, russia, nato = report["China"], report["Russia"], report["NATO"]
    # one supportive and one neutral mention: a tie with neutral is neutral
    assert (china.mentions, china.supportive, china.stance, china.aliases_seen) == (2, 1, "neutral", ["Beijing", "China"])
    assert (russia.mentions, russia.supportive, russia.critical, russia.neutral) == (5, 1, 0, 4)
    # one supportive mention among four neutral ones does not make the article supportive
    assert russia.aliases_seen == ["Kremlin", "Moscow", "Russia"] and russia.stance == "neutral"
    assert (nato.supportive, nato.critical, nato.stance, nato.net) == (1, 1, "mixed", pytest.approx(0.0))
    assert report["United States"].stance == "critical" and report["United States"].net == pytest.approx(-0.7)
    ev = report["United States"].evidence[0]
    assert (ev.mention, ev.label, ev.sentence, text[ev.start:ev.end]) == ("Washington", "critical",
                                                                         "Moscow condemned Washington.", "Washington")
    assert [a.actor for a in report.actors][:1] == ["Russia"]  # most mentions first
    d = report.to_dict()
    assert set(d["actors"][0]) >= {"actor", "aliases_seen", "mentions", "supportive", "critical", "neutral", "stance",
                                   "evidence"}
    assert len(report.rows()) == len(report.actors) and "China" in report.table()
    with pytest.raises(KeyError, match="not among"):
        report["Iran"]


def test_analyze_inputs():
    model = RuleModel()
    assert analyze("", model=model).actors == []
    assert analyze("Nothing to see here.", model=model).actors == []
    assert [a.actor for a in analyze("Acme praised Russia.", ["Acme"], model=model, discover=False).actors] == ["Acme"]
    with pytest.raises(TypeError, match="text must be a str"):
        analyze(None, model=model)
    with pytest.raises(TypeError, match="actors must be"):
        analyze("x", actors="Russia", model=model)


def test_analyze_with_a_real_model(tiny_model):
    report = stance.analyze("China backed Russia. NATO warned Moscow.", model=str(tiny_model))
    assert {a.actor for a in report.actors} == {"China", "Russia", "NATO"}
    russia = report["Russia"]
    assert russia.mentions == 2 and russia.supportive + russia.critical + russia.neutral == 2
    assert sum(russia.mean_scores.values()) == pytest.approx(1.0, abs=1e-4)


# -- CLI --------------------------------------------------------------------------------------
def test_analyze_cli_formats(capsys, tiny_model, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("China backed Russia. NATO warned Moscow.\n", encoding="utf-8")
    (folder / "b.txt").write_text("The Kremlin thanked Beijing.\n", encoding="utf-8")
    assert main(["analyze", str(folder), "--model", str(tiny_model), "--format", "json", "--quiet"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [a["article"].rsplit("/", 1)[-1] for a in out["articles"]] == ["a.txt", "b.txt"]
    russia = next(a for a in out["articles"][0]["actors"] if a["actor"] == "Russia")
    assert russia["aliases_seen"] == ["Moscow", "Russia"] and len(russia["evidence"]) == 2

    assert main(["analyze", str(folder / "b.txt"), "--model", str(tiny_model), "--format", "csv",
                 "--actor", "Kremlin=Moscow", "--quiet"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["actor"] for r in rows} == {"Kremlin", "China"}

    actors = tmp_path / "actors.yaml"
    actors.write_text("Russia: [Kremlin]\n")
    assert main(["analyze", str(folder / "b.txt"), "--model", str(tiny_model), "--actors-file", str(actors),
                 "--no-discover"]) == 0
    table = capsys.readouterr().out
    assert "Russia" in table and "China" not in table


@pytest.mark.parametrize("args, message", [
    (["analyze", "missing.txt"], "missing.txt: no such file or folder"),
    (["analyze", ".", "--no-discover"], "--no-discover needs --actor"),
    (["analyze", "x.txt", "--actor", "=Moscow"], "empty"),
])
def test_analyze_cli_errors(capsys, args, message, tmp_path):
    (tmp_path / "x.txt").write_text("x")
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code = main(args)
    finally:
        os.chdir(cwd)
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
