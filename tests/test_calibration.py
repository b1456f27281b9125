"""Calibrated scores: temperature fitting, ECE, the saved temperature in both backends."""

import json

import pytest

import stance
from stance.calibration import expected_calibration_error, fit_temperature, reliability, softmax
from stance.cli import main


def test_ece_by_hand():
    probs = [[0.9, 0.05, 0.05], [0.9, 0.05, 0.05], [0.6, 0.2, 0.2], [0.2, 0.7, 0.1]]
    labels = ["critical", "neutral", "critical", "neutral"]  # LABELS order: critical, neutral, supportive
    table = reliability(probs, labels, bins=10)
    # bins: 0.9 (2 rows, 1 right: |0.5 - 0.9|), 0.6 (1 right: |1 - 0.6|), 0.7 (1 right: |1 - 0.7|)
    assert table["ece"] == pytest.approx((2 * 0.4 + 0.4 + 0.3) / 4)
    assert sum(b["n"] for b in table["bins"]) == 4
    assert expected_calibration_error(probs, labels, bins=10) == pytest.approx(table["ece"])


def test_fit_temperature_recovers_a_known_scale():
    import numpy as np

    rng = np.random.default_rng(0)
    true = rng.normal(size=(3000, 3)) * 2
    labels_idx = [rng.choice(3, p=p) for p in softmax(true)]
    labels = [("critical", "neutral", "supportive")[i] for i in labels_idx]
    overconfident = true * 3  # the model's logits are 3x too sharp
    t = fit_temperature(overconfident.tolist(), labels)
    assert t == pytest.approx(3.0, rel=0.1)
    before = expected_calibration_error(softmax(overconfident), labels)
    after = expected_calibration_error(softmax(overconfident, t), labels)
    assert after < before / 2
    with pytest.raises(ValueError, match="one label per row"):
        fit_temperature([[0, 0, 0]], [])


def test_calibrate_writes_the_temperature_and_both_backends_apply_it(capsys, tiny_model, train_file, tmp_path):
    import shutil

    folder = tmp_path / "m"
    shutil.copytree(tiny_model, folder)
    text, actor = "China praised Russia for its support.", "Russia"
    before = stance.load(folder, backend="torch").predict(text, actor).scores
    assert main(["calibrate", "--model", str(folder), "--data", str(train_file), "--backend", "torch"]) == 0
    assert "temperature" in capsys.readouterr().out
    settings = json.loads((folder / "config.json").read_text())["stance"]
    t = settings["temperature"]
    assert t > 0 and settings["calibration"]["rows"] == 36
    model = stance.load(folder, backend="torch")
    logits = model.predict_logits([(text, text.index(actor), text.index(actor) + len(actor))])[0]
    expected = softmax([logits], t)[0]
    after = model.predict(text, actor).scores
    assert [after[k] for k in ("critical", "neutral", "supportive")] == pytest.approx(expected, abs=1e-5)
    assert max(after, key=after.get) == max(before, key=before.get)  # labels never change
    assert main(["export", str(folder), "--onnx"]) == 0
    onnx = stance.load(folder, backend="onnx").predict(text, actor).scores
    assert onnx == pytest.approx(after, abs=1e-4)


def test_evaluate_reports_ece_and_draws_the_reliability_diagram(capsys, tiny_model, train_file, tmp_path):
    assert main(["evaluate", "--model", str(tiny_model), "--data", str(train_file), "--json",
                 "--output-dir", str(tmp_path / "r")]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert 0 <= metrics["ece"] <= 1 and metrics["ece_bins"] == 15 and len(metrics["reliability"]) == 15
    png = (tmp_path / "r" / "reliability.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def test_a_bad_temperature_is_refused(tiny_model, tmp_path):
    import shutil

    folder = tmp_path / "m"
    shutil.copytree(tiny_model, folder)
    config = json.loads((folder / "config.json").read_text())
    config["stance"]["temperature"] = -1
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(stance.ModelFolderError, match="temperature must be a positive number"):
        stance.load(folder)
