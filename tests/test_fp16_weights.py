"""stance export --fp16: weights stored as float16, read back as float32."""

from __future__ import annotations

import json
import shutil

import stance
from stance.cli import main


def test_fp16_weights_halve_the_file_and_keep_predictions(tiny_model, tmp_path):
    copy = tmp_path / "tiny"
    shutil.copytree(tiny_model, copy)
    before = (copy / "model.safetensors").stat().st_size
    texts = ["China praised Russia for its support.", "Merkel attacked Biden over the war."]
    old = stance.load(copy, backend="torch", precision="fp32").predict(texts, ["Russia", "Biden"])
    assert main(["export", str(copy), "--fp16"]) == 0
    assert (copy / "model.safetensors").stat().st_size < 0.6 * before
    assert json.loads((copy / "config.json").read_text())["dtype"] == "float16"
    model = stance.load(copy, backend="torch", precision="fp32")
    assert next(model.model.parameters()).dtype.is_floating_point and str(next(model.model.parameters()).dtype) == "torch.float32"
    new = model.predict(texts, ["Russia", "Biden"])
    for p, q in zip(old, new):
        assert p.label == q.label
        assert max(abs(p.scores[k] - q.scores[k]) for k in p.scores) < 1e-2


def test_export_needs_a_format(tiny_model, capsys):
    assert main(["export", str(tiny_model)]) == 2
    assert "--onnx and/or --fp16" in capsys.readouterr().err
