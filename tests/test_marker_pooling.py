"""Marker pooling: the model is read at the mention's opening marker (target-dependent)."""

import json

import pytest

import stance
from stance.config import load_config
from stance.encoding import Encoder, InputFormat
from stance.training import train

TEXTS = ["China praised Russia for its support.", "Merkel attacked Biden over the war again and again.",
         "Russia praised China but condemned France."]
ACTORS = ["Russia", "Biden", "France"]


def test_marker_index_points_at_the_opening_marker(tiny_base):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    encoder = Encoder(tokenizer, InputFormat(pooling="marker", max_length=16))
    marker_ids = tokenizer("<<", add_special_tokens=False)["input_ids"]
    text = "Merkel attacked Biden over the war again and again and again and again and again."
    for start in (0, text.index("Biden"), text.index("war")):
        end = text.index(" ", start)
        enc = encoder.encode(text, start, end)  # the long text is windowed around the mention
        i = enc["marker_index"]
        assert enc["input_ids"][i:i + len(marker_ids)] == marker_ids
        assert tokenizer.decode(enc["input_ids"][i + len(marker_ids):]).startswith(text[start:end].lower())
    assert "marker_index" not in Encoder(tokenizer, InputFormat()).encode(text, 0, 6)


def test_marker_pooling_needs_markers_and_a_known_name():
    with pytest.raises(ValueError, match="needs markers"):
        InputFormat(markers=False, pooling="marker")
    with pytest.raises(ValueError, match="pooling must be one of cls, marker"):
        InputFormat(pooling="mean")
    with pytest.raises(ValueError, match="needs markers"):
        load_config(None, ["train_file=x.jsonl", "markers=false", "pooling=marker"])


@pytest.fixture(scope="module")
def marker_model(tiny_base, train_file, tmp_path_factory):
    root = tmp_path_factory.mktemp("marker")
    return train(load_config(None, [f"base_model={tiny_base}", f"train_file={train_file}",
                                    f"output_dir={root / 'm'}", "epochs=2", "batch_size=8",
                                    "learning_rate=1e-3", "max_length=48", "bf16=false", "export_onnx=false", "pooling=marker",
                                    f"checkpoint_dir={root / 'ck'}"]))


def test_marker_model_is_a_token_classifier_read_at_the_marker(marker_model):
    import torch

    config = json.loads((marker_model / "config.json").read_text())
    assert config["architectures"] == ["BertForTokenClassification"]
    assert config["stance"]["format"]["pooling"] == "marker"
    model = stance.load(marker_model, backend="torch", precision="fp32")
    got = model.predict(TEXTS, ACTORS)
    for text, actor, p in zip(TEXTS, ACTORS, got):  # the same as reading the token logits by hand
        enc = model.encoder.encode(text, text.index(actor), text.index(actor) + len(actor))
        ids = torch.tensor([enc["input_ids"]])
        with torch.no_grad():
            logits = model.model(input_ids=ids, token_type_ids=torch.tensor([enc["token_type_ids"]])).logits
        expected = torch.softmax(logits[0, enc["marker_index"]], -1).tolist()
        assert [p.scores[label] for label in stance.LABELS] == pytest.approx(expected, abs=1e-5)
    # two actors of one sentence are read at different positions
    a, b = model.predict(TEXTS[2], "China"), model.predict(TEXTS[2], "France")
    assert a.scores != b.scores


def test_marker_model_exports_to_onnx(marker_model, tmp_path):
    import shutil

    pytest.importorskip("onnxruntime")
    from stance.cli import main

    folder = tmp_path / "m"
    shutil.copytree(marker_model, folder)
    assert main(["export", str(folder), "--onnx"]) == 0
    torch_model = stance.load(folder, precision="fp32")
    onnx_model = stance.load(folder, backend="onnx")
    for a, b in zip(torch_model.predict(TEXTS, ACTORS), onnx_model.predict(TEXTS, ACTORS)):
        assert a.scores == pytest.approx(b.scores, abs=1e-4)
