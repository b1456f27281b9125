"""The stance command line, run in-process through stance.cli.main."""

import csv
import json

import pytest

from stance.cli import main
from tests.conftest import write_jsonl


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_predict_text(capsys, tiny_model):
    code, out, _ = run(capsys, "predict", "--model", tiny_model, "--text", "China backed Russia.", "--actor", "Russia")
    assert code == 0
    result = json.loads(out)
    assert result["label"] in ("supportive", "critical", "neutral") and result["mention"] == "Russia"


def test_predict_file_keeps_columns(capsys, tiny_model, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": 7, "text": "China backed Russia.", "actor": "Russia", "extra": "x"},
                                              {"id": 8, "text": "NATO warned Moscow.", "actor": "moscow"}])
    code, _, _ = run(capsys, "predict", "--model", tiny_model, "--input", src, "--output", tmp_path / "out.jsonl", "--quiet")
    assert code == 0
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [(r["id"], r.get("extra")) for r in rows] == [(7, "x"), (8, None)]
    assert all(set(r["scores"]) == {"supportive", "critical", "neutral"} for r in rows)

    code, _, _ = run(capsys, "predict", "--model", tiny_model, "--input", src, "--output", tmp_path / "out.csv", "--quiet")
    with open(tmp_path / "out.csv", newline="") as f:
        table = list(csv.DictReader(f))
    assert code == 0 and len(table) == 2
    assert {"id", "text", "actor", "predicted", "score", "p_supportive", "p_critical", "p_neutral"} <= set(table[0])


def test_predict_bad_input_is_one_line_and_leaves_no_output(capsys, tiny_model, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "China backed Russia.", "actor": "Russia"},
                                              {"text": "China backed Russia.", "actor": "NATO"}])
    code, _, err = run(capsys, "predict", "--model", tiny_model, "--input", src, "--output", tmp_path / "o.jsonl", "--quiet")
    assert code == 2
    assert err.strip().splitlines()[-1].startswith(f"error: {src}:2: actor 'NATO' does not occur")
    assert not list(tmp_path.glob("*o.jsonl*"))


def test_predict_unwritable_output(capsys, tiny_model, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "China backed Russia.", "actor": "Russia"}])
    code, _, err = run(capsys, "predict", "--model", tiny_model, "--input", src,
                       "--output", tmp_path / "no" / "such" / "dir.jsonl", "--quiet")
    assert code == 2 and "cannot write" in err


def test_evaluate_json_and_report(capsys, tiny_model, train_file, tmp_path):
    code, out, _ = run(capsys, "evaluate", "--model", tiny_model, "--data", train_file, "--json", "--by-article",
                       "--output-dir", tmp_path / "report")
    assert code == 0
    metrics = json.loads(out)
    assert metrics["n"] == 36 and 0 <= metrics["macro_f1"] <= 1 and 0 <= metrics["accuracy"] <= 1
    lo, hi = metrics["macro_f1_ci95"]
    assert lo <= metrics["macro_f1"] <= hi
    assert sum(map(sum, metrics["confusion_matrix"]["matrix"])) == 36
    assert metrics["by_article"]["articles"] == 5
    assert json.loads((tmp_path / "report" / "metrics.json").read_text())["n"] == 36
    assert len((tmp_path / "report" / "predictions.jsonl").read_text().splitlines()) == 36

    code, out, _ = run(capsys, "evaluate", "--model", tiny_model, "--data", train_file)
    assert code == 0 and "macro-F1" in out and "confusion matrix" in out


def test_evaluate_heldout_from(capsys, tiny_model, tmp_path):
    rows = [{"text": f"China backed Russia {i}.", "actor": "Russia", "label": "neutral", "article_id": f"a{i % 3}"}
            for i in range(6)]
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    seen = write_jsonl(tmp_path / "t.jsonl", rows[:1])
    code, out, _ = run(capsys, "evaluate", "--model", tiny_model, "--data", data, "--heldout-from", seen, "--json")
    assert code == 0 and json.loads(out)["n"] == 4


def test_train_reports_bad_rows(capsys, tiny_base, tmp_path):
    data = write_jsonl(tmp_path / "t.jsonl", [{"text": "China backed Russia.", "actor": "Russia", "label": "yes"}])
    code, _, err = run(capsys, "train", "--config", "configs/newsmtsc-minilm.yaml", "--set", f"base_model={tiny_base}",
                       "--set", f"train_file={data}", "--set", f"output_dir={tmp_path / 'm'}")
    assert code == 2
    assert f"error: {data}:1: unknown label 'yes'" in err
    assert not (tmp_path / "m").exists()


def test_train_from_cli_without_dev_file(capsys, tiny_base, train_file, tmp_path):
    out = tmp_path / "m"
    code, stdout, err = run(capsys, "train", "--config", "configs/newsmtsc-minilm.yaml", "--set", f"base_model={tiny_base}",
                            "--set", f"train_file={train_file}", "--set", "dev_file=", "--set", f"output_dir={out}",
                            "--set", "epochs=1", "--set", "batch_size=8", "--set", f"checkpoint_dir={tmp_path / 'ck'}")
    assert code == 0, err
    settings = json.loads((out / "config.json").read_text())["stance"]["training"]
    assert "held out by articles" in settings["dev_source"]


def test_split_by_article(capsys, train_file, tmp_path):
    code, out, _ = run(capsys, "split", "--input", train_file, "--train-out", tmp_path / "tr.jsonl",
                       "--dev-out", tmp_path / "dev.jsonl", "--dev-fraction", "0.2")
    assert code == 0 and "split by articles" in out
    tr = [json.loads(x) for x in (tmp_path / "tr.jsonl").read_text().splitlines()]
    dev = [json.loads(x) for x in (tmp_path / "dev.jsonl").read_text().splitlines()]
    assert len(tr) + len(dev) == 36 and dev
    assert not {r["article_id"] for r in tr} & {r["article_id"] for r in dev}


@pytest.mark.parametrize("args, message", [
    (["predict", "--text", "x"], "give --text and --actor"),
    (["evaluate", "--data", "missing.jsonl", "--model", "."], "missing.jsonl: no such file"),
    (["train", "--config", "nope.yaml"], "no such config file"),
])
def test_usage_errors_are_one_line(capsys, args, message):
    code, _, err = run(capsys, *args)
    assert code == 2 and message in err and "Traceback" not in err


def _bad_files(tmp_path):
    """(file, expected one-line error) for each bad input the CLI must name with file and line."""
    good = '{"text": "China backed Russia.", "actor": "Russia", "label": "supportive"}\n'
    cases = {}
    cases["missing"] = (tmp_path / "missing.jsonl", "missing.jsonl: no such file")
    (tmp_path / "empty.jsonl").write_text("\n\n")
    cases["empty"] = (tmp_path / "empty.jsonl", "empty.jsonl:1: the file is empty")
    (tmp_path / "broken.jsonl").write_text(good + '{"text": "China backed Russia.", "actor": \n')
    cases["malformed json"] = (tmp_path / "broken.jsonl", "broken.jsonl:2: malformed JSON")
    (tmp_path / "nocol.csv").write_text("text,label\nChina backed Russia.,supportive\n")
    cases["missing column"] = (tmp_path / "nocol.csv", "nocol.csv:2: missing column 'actor'")
    (tmp_path / "label.jsonl").write_text(good + good.replace('"supportive"', '"positive-ish"'))
    cases["unknown label"] = (tmp_path / "label.jsonl", "label.jsonl:2: unknown label 'positive-ish'")
    return cases


@pytest.mark.parametrize("case", ["missing", "empty", "malformed json", "missing column", "unknown label"])
@pytest.mark.parametrize("command", ["evaluate", "predict"])
def test_bad_data_files_get_one_line_with_file_and_line(capsys, tiny_model, tmp_path, case, command):
    path, message = _bad_files(tmp_path)[case]
    if command == "predict" and case == "unknown label":
        return  # predict ignores a label column
    args = ["--data", path] if command == "evaluate" else ["--input", path, "--output", tmp_path / "out.jsonl", "--quiet"]
    code, _, err = run(capsys, command, "--model", tiny_model, *args)
    lines = [x for x in err.splitlines() if x.startswith("error:")]
    assert code == 2 and "Traceback" not in err
    assert len(lines) == 1 and lines[0].startswith(f"error: {tmp_path}/") and message in lines[0], err
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_with_bom_and_delimiter_is_read_by_the_cli(capsys, tiny_model, tmp_path, delimiter):
    src = tmp_path / "sheet.csv"
    rows = [["text", "actor", "label"], ["China backed Russia.", "Russia", "supportive"],
            ["NATO warned Moscow; nothing else.", "NATO", "critical"]]
    src.write_text("\ufeff" + "\n".join(delimiter.join(f'"{c}"' for c in r) for r in rows) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "evaluate", "--model", tiny_model, "--data", src, "--json")
    assert code == 0, err
    assert json.loads(out)["n"] == 2


def test_duplicate_rows_are_only_a_warning_in_the_cli(capsys, tiny_model, tmp_path):
    row = {"text": "China backed Russia.", "actor": "Russia", "label": "supportive"}
    src = write_jsonl(tmp_path / "dup.jsonl", [row, row, {**row, "label": "neutral"}])
    with pytest.warns(UserWarning, match="duplicate"):
        code, out, err = run(capsys, "evaluate", "--model", tiny_model, "--data", src, "--json")
    assert code == 0 and json.loads(out)["n"] == 3


def test_unwritable_report_folder(capsys, tiny_model, train_file, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "evaluate", "--model", tiny_model, "--data", train_file, "--output-dir", blocker / "r")
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err


def test_evaluate_by_column(capsys, tiny_model, tmp_path):
    rows = [{"text": "China backed Russia.", "actor": a, "label": "neutral", "type": t}
            for a, t in (("China", "state"), ("Russia", "state"))]
    rows.append({"text": "NATO warned Moscow.", "actor": "NATO", "label": "critical", "type": "organisation"})
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    code, out, _ = run(capsys, "evaluate", "--model", tiny_model, "--data", data, "--json", "--by", "type")
    groups = json.loads(out)["by"]["groups"]
    assert code == 0 and {k: v["n"] for k, v in groups.items()} == {"organisation": 1, "state": 2}
    code, _, err = run(capsys, "evaluate", "--model", tiny_model, "--data", data, "--by", "kind")
    assert code == 2 and "no 'kind' column" in err
