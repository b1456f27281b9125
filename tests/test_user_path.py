"""What a new user hit (issue 22): CSV quoting, gold columns kept, file modes, aliases in
predict, article verdicts, the scored mention in the evidence, bylines and US states."""

import csv
import io
import json
import os
import stat

import pytest

from stance.actors import ActorFinder, known_names
from stance.analyze import analyze
from stance.cli import main
from stance.data import DataError, iter_records, load_rows
from stance.sentences import split_sentences
from stance.verdict import verdict
from tests.conftest import write_jsonl
from tests.test_analyze import RuleModel

TRICKY = [
    {"text": 'The EU slammed Hungary, calling the law "shameful".', "actor": "Hungary", "label": "critical"},
    {"text": "Line one\nline two; with a semicolon, a comma\tand a tab", "actor": "line", "label": "neutral"},
    {"text": '""Quoted"" at both ends "', "actor": "Quoted", "label": "neutral"},
    {"text": "Plain row after the tricky ones.", "actor": "row", "label": "neutral"},
]


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# -- 1. CSV in the standard dialect --------------------------------------------------------------
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_round_trips_quotes_newlines_and_delimiters(tmp_path, delimiter):
    path = tmp_path / ("rows.tsv" if delimiter == "\t" else "rows.csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["text", "actor", "label"], delimiter=delimiter)
        writer.writeheader()
        writer.writerows(TRICKY)
    records = list(iter_records(path))
    assert [r for _, r in records] == TRICKY
    assert [line for line, _ in records] == [2, 3, 5, 6]  # the line where each row starts
    rows = load_rows(path)
    assert rows[0].text == 'The EU slammed Hungary, calling the law "shameful".'
    assert rows[0].text[rows[0].start:rows[0].end] == "Hungary"


def test_csv_with_doubled_quotes_and_semicolons_through_predict(capsys, tiny_model, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('text;actor\n"The EU slammed Hungary, calling the law ""shameful"".";Hungary\n'
                   '"Hungary rejected the EU\'s criticism.";Hungary\n', encoding="utf-8")
    code, _, err = run(capsys, "predict", "--model", tiny_model, "--input", src, "--output", tmp_path / "o.csv", "--quiet")
    assert code == 0, err
    with open(tmp_path / "o.csv", newline="") as f:
        out = list(csv.DictReader(f))
    assert out[0]["text"] == 'The EU slammed Hungary, calling the law "shameful".' and len(out) == 2


# -- 2 and 3. predict never overwrites an input column and does not read labels --------------------
def test_predict_keeps_a_gold_label_and_writes_predicted(capsys, tiny_model, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "China backed Russia.", "actor": "Russia", "label": "critical"},
                                              {"text": "NATO warned Moscow.", "actor": "Moscow", "label": "maybe?"}])
    code, _, err = run(capsys, "predict", "--model", tiny_model, "--input", src, "--output", tmp_path / "o.jsonl", "--quiet")
    assert code == 0, err
    rows = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert [r["label"] for r in rows] == ["critical", "maybe?"]  # untouched, and an unknown value is fine
    assert all(r["predicted"] in ("supportive", "critical", "neutral") and 0 <= r["score"] <= 1 for r in rows)


def test_predict_refuses_to_overwrite_a_column_it_writes(capsys, tiny_model, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "China backed Russia.", "actor": "Russia", "predicted": "x"}])
    code, _, err = run(capsys, "predict", "--model", tiny_model, "--input", src, "--output", tmp_path / "o.jsonl", "--quiet")
    assert code == 2 and f"{src}:1: the input already has column(s) predicted" in err
    assert not (tmp_path / "o.jsonl").exists()


# -- 4 and 5. file modes and messages -----------------------------------------------------------
def test_output_files_get_the_usual_mode(capsys, tiny_model, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "China backed Russia.", "actor": "Russia"}])
    old = os.umask(0o022)
    try:
        assert run(capsys, "predict", "--model", tiny_model, "--input", src, "--output", tmp_path / "o.csv", "--quiet")[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "o.csv").stat().st_mode) == 0o644


def test_a_missing_file_has_no_line_number(tmp_path):
    with pytest.raises(DataError) as err:
        load_rows(tmp_path / "nope.jsonl")
    assert str(err.value) == f"{tmp_path / 'nope.jsonl'}: no such file"


# -- 6. aliases in predict ----------------------------------------------------------------------
def test_predict_finds_an_actor_by_its_gazetteer_names(tiny_model):
    import stance

    model = stance.load(tiny_model)
    p = model.predict("The U.S. condemned the coup.", actor="United States")
    assert (p.actor, p.mention, p.start, p.end) == ("United States", "U.S.", 4, 8)
    assert model.predict("Moscow hailed the deal.", actor="Russia").mention == "Moscow"
    assert model.predict("Russia hailed the deal.", actor="Russia").mention == "Russia"  # its own name first
    with pytest.raises(ValueError, match=r"does not occur .*nor do its other names: .*U\.S\..*Washington"):
        model.predict("China condemned the coup.", actor="United States")
    with pytest.raises(ValueError, match="'Acme' does not occur in the text") as err:
        model.predict("China condemned the coup.", actor="Acme")
    assert "other names" not in str(err.value)
    assert "U.S." in known_names("United States") and known_names("Acme") == ()


def test_predict_file_resolves_aliases_too(capsys, tiny_model, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "The U.S. condemned the coup.", "actor": "United States"}])
    assert run(capsys, "predict", "--model", tiny_model, "--input", src, "--output", tmp_path / "o.jsonl", "--quiet")[0] == 0
    row = json.loads((tmp_path / "o.jsonl").read_text())
    assert row["actor"] == "United States" and row["predicted"]


# -- 7. article verdicts --------------------------------------------------------------------------
def _s(sup, crit):
    return {"supportive": sup, "critical": crit, "neutral": round(1 - sup - crit, 6)}


@pytest.mark.parametrize("mentions, expected", [
    ([_s(0.65, 0.05)] + [_s(0.02, 0.02)] * 4, "neutral"),     # one lukewarm mention among neutral ones
    ([_s(0.05, 0.9), _s(0.9, 0.05)], "mixed"),                 # a one-to-one tie is mixed, not critical
    ([_s(0.9, 0.02), _s(0.8, 0.05), _s(0.1, 0.1)], "supportive"),
    ([_s(0.02, 0.95)], "critical"),
    ([_s(0.3, 0.02), _s(0.3, 0.02)], "neutral"),               # each mention is most probably neutral
    ([_s(0.9, 0.02), _s(0.02, 0.9), _s(0.8, 0.1), _s(0.1, 0.8), _s(0.05, 0.05)], "mixed"),
    ([_s(0.9, 0.02), _s(0.02, 0.9), _s(0.05, 0.05)], "neutral"),  # a three-way tie includes neutral
    ([_s(0.9, 0.02), _s(0.05, 0.05)], "neutral"),               # a tie with neutral is neutral
    ([_s(0.1, 0.02)] * 3, "neutral"),
])
def test_verdict_rule(mentions, expected):
    v = verdict(mentions)
    assert v.stance == expected and 0 <= v.confidence <= 1


def test_net_margin_candidate():
    from stance.verdict import net_margin

    assert net_margin([_s(0.3, 0.02), _s(0.3, 0.02)]).stance == "supportive"  # net 0.28 >= 0.2
    assert net_margin([_s(0.3, 0.3)]).stance == "mixed"


def test_verdict_confidence_is_the_mean_probability_of_its_label():
    assert verdict([_s(0.9, 0.0), _s(0.7, 0.1)]).confidence == pytest.approx(0.8)
    assert verdict([_s(0.05, 0.9), _s(0.9, 0.05)]).confidence == pytest.approx(0.95)
    with pytest.raises(ValueError, match="at least one mention"):
        verdict([])


# -- 8. the evidence marks the mention that was scored --------------------------------------------
def test_table_marks_the_scored_mention():
    text = "China reaffirmed its partnership with Russia as the West condemned Moscow."
    # relations off: their table marks mentions too, and the shipped relation model's int8 scores vary by CPU
    report = analyze(text, model=RuleModel(), article="a.txt", relations=False)
    ev = next(e for e in report["Russia"].evidence if e.label != "neutral")
    assert ev.marked_sentence() == "China reaffirmed its partnership with Russia as the West condemned <<Moscow>>."
    assert "<<Moscow>>" in report.table() and "<<Russia>>" not in report.table()
    long = analyze("word " * 40 + "then Moscow condemned NATO" + " more" * 40 + ".", model=RuleModel(), relations=False)
    line = next(x for x in long.table().splitlines() if "<<NATO>>" in x)
    assert len(line.split(": ", 1)[1]) <= 116 and line.rstrip().endswith("...")


# -- 9. bylines, author boxes and US states -------------------------------------------------------
def test_author_boxes_are_not_article_text():
    text = ("Beijing backed Moscow.\nFriederike Böge\nPolitical correspondent for China, North Korea and Mongolia.\n"
            "Jane Doe is a reporter covering the Pentagon and NATO.\n"
            "Foreign correspondents were expelled from Russia on Monday.")
    assert [s.text for s in split_sentences(text)] == ["Beijing backed Moscow.",
                                                     "Foreign correspondents were expelled from Russia on Monday."]


@pytest.mark.parametrize("sentence, actors", [
    ("Georgia's capital Atlanta hosted the rally.", []),
    ("Gov. Brian Kemp said Georgia counties would recount.", ["Brian Kemp"]),
    ("Georgia's capital Tbilisi saw protests against Moscow.", ["Georgia", "Georgia", "Russia"]),
    ("Russia warned Georgia against joining NATO.", ["Russia", "Georgia", "NATO"]),
    ("Washington state passed the law, officials in Seattle said.", []),
    ("Washington condemned the test.", ["United States"]),
])
def test_us_states_that_share_a_country_name(sentence, actors):
    assert [m.actor for m in ActorFinder().find([sentence])[0]] == actors


# -- 11. what a training run leaves behind ---------------------------------------------------------
# configs/domain-adapt.yaml as a plain fine-tune of a tiny base encoder: no interpolation (it needs a
# stance model to start from), no NewsMTSC replay, the epoch best on dev
PLAIN = ["--set", "interpolate=1", "--set", "replay_file=", "--set", "replay_rows=0", "--set", "keep=best"]


def test_training_exports_int8_deletes_checkpoints_and_explains_its_choice(capsys, tiny_base, train_file, tmp_path):
    import stance

    out, ckpt = tmp_path / "adapted", tmp_path / "adapted.checkpoints"
    with pytest.warns(UserWarning, match="dev has only .* rows"):
        code = main(["train", "--config", "configs/domain-adapt.yaml", "--set", f"base_model={tiny_base}",
                     "--set", f"train_file={train_file}", "--set", f"output_dir={out}", "--set", "epochs=2",
                     "--set", "max_length=48", "--set", "bf16=false", "--set", "learning_rate=1e-3", *PLAIN])
    assert code == 0
    assert not ckpt.exists()  # deleted after a successful run
    assert (out / "onnx" / "model.int8.onnx").is_file()
    training = json.loads((out / "config.json").read_text())["stance"]["training"]
    kept = training["selection"]["kept"]
    assert kept and kept["macro_f1"] == max(e["macro_f1"] for e in training["selection"]["evaluations"])
    model = stance.load(out)
    assert model.runtime == "onnx int8"
    assert main(["evaluate", "--model", str(out), "--data", str(train_file)]) == 0
    assert f"model: {out} (onnx int8)" in capsys.readouterr().out


def test_keep_checkpoints_keeps_them(tiny_base, train_file, tmp_path):
    out = tmp_path / "m"
    assert main(["train", "--config", "configs/domain-adapt.yaml", "--set", f"base_model={tiny_base}",
                 "--set", f"train_file={train_file}", "--set", f"output_dir={out}", "--set", "epochs=1",
                 "--set", "max_length=48", "--set", "bf16=false", "--set", "export_onnx=false",
                 "--keep-checkpoints", *PLAIN]) == 0
    assert list((tmp_path / "m.checkpoints").glob("checkpoint-*"))
    assert not (out / "onnx").exists()


def test_the_adaptation_config_as_shipped_replays_and_interpolates(tiny_model, train_file, tmp_path):
    """configs/domain-adapt.yaml from a stance model: the replayed rows join the training rows, the
    final weights are kept and moved 30% of the way from the start model."""
    out = tmp_path / "adapted"
    assert main(["train", "--config", "configs/domain-adapt.yaml", "--set", f"base_model={tiny_model}",
                 "--set", f"train_file={train_file}", "--set", f"output_dir={out}", "--set", "epochs=1",
                 "--set", f"replay_file={train_file}", "--set", "replay_rows=10", "--set", "bf16=false",
                 "--set", "export_onnx=false"]) == 0
    training = json.loads((out / "config.json").read_text())["stance"]["training"]
    assert training["config"]["interpolate"] == 0.3 and training["config"]["replay_rows"] == 10
    assert training["selection"]["kept"]["why"] == "keep: last"
    interpolated = training["selection"]["interpolated"]
    assert interpolated["start"] == str(tiny_model) and interpolated["weight_of_trained"] == 0.3


def test_replay_rows_and_frozen_layers_are_checked(tiny_base, train_file, tmp_path):
    from stance.config import load_config
    from stance.training import train

    with pytest.raises(ValueError, match="replay_file and replay_rows together"):
        load_config(None, [f"train_file={train_file}", "replay_rows=5"])
    cfg = load_config(None, [f"base_model={tiny_base}", f"train_file={train_file}", f"output_dir={tmp_path / 'x'}",
                             f"replay_file={train_file}", "replay_rows=1000", "bf16=false", "export_onnx=false"])
    with pytest.raises(ValueError, match="replay_rows is 1000, but .* has only 36 rows"):
        train(cfg)
    cfg = load_config(None, [f"base_model={tiny_base}", f"train_file={train_file}", f"output_dir={tmp_path / 'y'}",
                             "freeze_layers=3", "bf16=false", "export_onnx=false"])
    with pytest.raises(ValueError, match="freeze_layers is 3, but the model has 2 layers"):
        train(cfg)


def test_keep_last_keeps_the_final_weights_and_says_so(tiny_base, train_file, tmp_path):
    out = tmp_path / "m"
    assert main(["train", "--config", "configs/domain-adapt.yaml", "--set", f"base_model={tiny_base}",
                 "--set", f"train_file={train_file}", "--set", f"output_dir={out}", "--set", "epochs=2",
                 "--set", "max_length=48", "--set", "bf16=false", "--set", "export_onnx=false",
                 *PLAIN, "--set", "keep=last"]) == 0
    kept = json.loads((out / "config.json").read_text())["stance"]["training"]["selection"]["kept"]
    assert kept["why"] == "keep: last" and kept["epoch"] == 2
