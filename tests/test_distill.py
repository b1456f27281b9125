"""Distillation: teacher soft labels (training/teacher_labels.py) and the student's mixed loss."""

import json
import subprocess
import sys

import pytest

from stance.config import load_config
from stance.data import DataError
from stance.training import train
from tests.conftest import REPO


@pytest.fixture(scope="module")
def soft_file(tiny_model, train_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("distill") / "soft.jsonl"
    done = subprocess.run([sys.executable, str(REPO / "training" / "teacher_labels.py"), "--teacher", str(tiny_model),
                           "--input", str(train_file), "--output", str(out), "--extra"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def test_teacher_labels_cover_gold_and_other_actors(soft_file):
    rows = [json.loads(x) for x in soft_file.read_text().splitlines()]
    gold = [r for r in rows if not r.get("pseudo")]
    extra = [r for r in rows if r.get("pseudo")]
    assert len(gold) == 36 and extra  # e.g. "China" in "China praised Russia for its support."
    for r in rows:
        assert abs(sum(r["teacher_scores"].values()) - 1) < 1e-4
        assert r["text"][r["start"]:r["end"]] == r["actor"]
    for r in extra:
        assert r["label"] == max(r["teacher_scores"], key=r["teacher_scores"].get)
        gold_spans = [(g["start"], g["end"]) for g in gold if g["text"] == r["text"]]
        assert all(r["end"] <= a or r["start"] >= b for a, b in gold_spans)


def test_student_trains_on_soft_labels(tiny_base, soft_file, tmp_path):
    cfg = load_config(None, [f"base_model={tiny_base}", f"train_file={soft_file}", f"output_dir={tmp_path / 's'}",
                             "epochs=1", "batch_size=8", "max_length=48", "bf16=false", "distill_weight=0.7",
                             "distill_temperature=2", f"checkpoint_dir={tmp_path / 'ck'}"])
    path = train(cfg)
    assert json.loads((path / "config.json").read_text())["stance"]["training"]["config"]["distill_weight"] == 0.7


def test_distillation_needs_teacher_scores(tiny_base, train_file, tmp_path):
    cfg = load_config(None, [f"base_model={tiny_base}", f"train_file={train_file}", f"output_dir={tmp_path / 's'}",
                             "epochs=1", "distill_weight=0.5", f"checkpoint_dir={tmp_path / 'ck'}"])
    with pytest.raises(DataError, match="teacher_scores must map"):
        train(cfg)


def test_bad_distill_settings():
    with pytest.raises(ValueError, match="distill_weight must be between 0 and 1"):
        load_config(None, ["train_file=x.jsonl", "distill_weight=1.5"])


def test_several_teachers_are_averaged_and_evaluated(tiny_model, train_file, soft_file, tmp_path):
    out = tmp_path / "two.jsonl"
    done = subprocess.run([sys.executable, str(REPO / "training" / "teacher_labels.py"), "--teacher", str(tiny_model),
                           str(tiny_model), "--input", str(train_file), "--output", str(out), "--extra",
                           "--eval", str(train_file)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[0])
    assert report["teachers"] == 2 and report["n"] == 36 and 0 <= report["macro_f1"] <= 1
    one = [json.loads(x) for x in soft_file.read_text().splitlines()]
    two = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(one) == len(two)
    for a, b in zip(one, two):  # the mean of a teacher with itself is that teacher
        assert a["teacher_scores"] == pytest.approx(b["teacher_scores"], abs=1e-5)
