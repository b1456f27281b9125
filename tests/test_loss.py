"""stance.training.stance_loss and class weights: what the Trainer minimises."""

import json
import math

import pytest

from stance.config import load_config
from stance.data import Row
from stance.labels import LABELS
from stance.training import class_weights, stance_loss, train


def _rows(labels):
    return [Row(text="Russia praised China.", actor="China", start=15, end=20, label=lab, source="x.jsonl", line=i + 1)
            for i, lab in enumerate(labels)]


def test_balanced_class_weights():
    labels = ["neutral"] * 6 + ["critical"] * 3 + ["supportive"] * 1
    weights = dict(zip(LABELS, class_weights(_rows(labels))))
    assert weights["neutral"] == pytest.approx(10 / (3 * 6))
    assert weights["critical"] == pytest.approx(10 / (3 * 3))
    assert weights["supportive"] == pytest.approx(10 / (3 * 1))


def test_class_weights_need_every_label():
    with pytest.raises(ValueError, match="none are supportive"):
        class_weights(_rows(["neutral", "critical"]))


def test_weighted_cross_entropy_and_teacher_term():
    import torch

    logits = torch.tensor([[2.0, 0.0, -1.0], [0.0, 1.0, 0.0]])
    labels = torch.tensor([0, 2])
    nll = [-torch.log_softmax(logits, -1)[i, labels[i]].item() for i in range(2)]
    assert stance_loss(logits, labels).item() == pytest.approx(sum(nll) / 2, rel=1e-5)
    w = [3.0, 1.0, 0.5]  # torch's weighted mean: sum(w_y * nll) / sum(w_y)
    expected = (w[0] * nll[0] + w[2] * nll[1]) / (w[0] + w[2])
    assert stance_loss(logits, labels, label_weights=w).item() == pytest.approx(expected, rel=1e-5)
    teacher = torch.softmax(logits, -1)  # a teacher that agrees with the student adds no KL
    mixed = stance_loss(logits, labels, teacher, distill_weight=0.25, temperature=2.0)
    assert mixed.item() == pytest.approx(0.75 * sum(nll) / 2, rel=1e-4)
    other = torch.tensor([[0.1, 0.1, 0.8], [0.8, 0.1, 0.1]])
    assert stance_loss(logits, labels, other, distill_weight=0.25, temperature=2.0).item() > mixed.item() + 0.1
    assert not math.isnan(stance_loss(logits, labels, label_smoothing=0.1).item())


def test_training_with_class_weights_records_them(tiny_base, train_file, tmp_path):
    cfg = load_config(None, [f"base_model={tiny_base}", f"train_file={train_file}", f"output_dir={tmp_path / 'w'}",
                             "epochs=1", "batch_size=8", "max_length=48", "bf16=false", "export_onnx=false", "class_weights=true",
                             f"checkpoint_dir={tmp_path / 'ck'}"])
    training = json.loads((train(cfg) / "config.json").read_text())["stance"]["training"]
    assert training["config"]["class_weights"] is True
    assert set(training["class_weights"]) == set(LABELS) and all(w > 0 for w in training["class_weights"].values())


def test_bad_label_smoothing_is_refused():
    with pytest.raises(ValueError, match="label_smoothing must be at least 0 and below 1"):
        load_config(None, ["train_file=x.jsonl", "label_smoothing=1.0"])
