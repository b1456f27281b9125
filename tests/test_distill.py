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
                             "epochs=1", "batch_size=8", "max_length=48", "bf16=false", "export_onnx=false", "distill_weight=0.7",
                             "distill_temperature=2", f"checkpoint_dir={tmp_path / 'ck'}"])
    path = train(cfg)
    assert json.loads((path / "config.json").read_text())["stance"]["training"]["config"]["distill_weight"] == 0.7


def test_bad_teacher_scores_are_named(tiny_base, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "Russia praised China.", "actor": "China", "label": "supportive",
                               "teacher_scores": {"supportive": 0.9, "critical": 0.1}}) + "\n")
    cfg = load_config(None, [f"base_model={tiny_base}", f"train_file={bad}", f"dev_file={bad}",
                             f"output_dir={tmp_path / 's'}", "epochs=1", "distill_weight=0.5",
                             f"checkpoint_dir={tmp_path / 'ck'}"])
    with pytest.raises(DataError, match=r"bad.jsonl:1: teacher_scores must map"):
        train(cfg)


def test_hand_labelled_rows_mix_with_teacher_rows(tiny_base, soft_file, train_file, tmp_path):
    """A list of training files; rows without teacher_scores learn from their gold label alone."""
    from stance.data import load_rows
    from stance.labels import LABELS
    from stance.training import teacher_scores

    plain = load_rows(train_file)[0]
    assert teacher_scores(plain) == [float(label == plain.label) for label in LABELS]
    cfg = load_config(None, [f"base_model={tiny_base}", f"train_file=[{soft_file}, {train_file}]",
                             f"output_dir={tmp_path / 's'}", "epochs=1", "batch_size=8", "max_length=48",
                             "bf16=false", "export_onnx=false", "distill_weight=0.5", f"checkpoint_dir={tmp_path / 'ck'}"])
    path = train(cfg)
    training = json.loads((path / "config.json").read_text())["stance"]["training"]
    n_soft = len(soft_file.read_text().splitlines())
    n_plain = len(train_file.read_text().splitlines())
    assert training["config"]["train_file"] == [str(soft_file), str(train_file)]
    assert training["train_rows"] + training["dev_rows"] == n_soft + n_plain


def test_train_file_must_name_files():
    with pytest.raises(ValueError, match="train_file must be a file name or a list"):
        load_config(None, ["train_file=[a.jsonl, 3]"])


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


def test_hand_labelled_mentions_get_no_teacher_row(tiny_model, train_file, soft_file, tmp_path):
    extra = [json.loads(x) for x in soft_file.read_text().splitlines() if json.loads(x).get("pseudo")]
    hand = tmp_path / "hand.jsonl"
    hand.write_text("".join(json.dumps({"text": r["text"], "actor": r["actor"], "start": r["start"], "end": r["end"],
                                        "label": "neutral"}) + "\n" for r in extra[:2]))
    out = tmp_path / "soft.jsonl"
    done = subprocess.run([sys.executable, str(REPO / "training" / "teacher_labels.py"), "--teacher", str(tiny_model),
                           "--input", str(train_file), "--output", str(out), "--extra", "--hand-labelled", str(hand)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    spans = {(r["text"], r["start"], r["end"]) for r in map(json.loads, out.read_text().splitlines()) if r.get("pseudo")}
    assert len(spans) == len(extra) - 2
    assert not spans & {(r["text"], r["start"], r["end"]) for r in extra[:2]}


def test_substituted_rows_are_teacher_labelled(tiny_model, train_file, tmp_path):
    from stance.augment import NON_PERSON_ACTORS, substitutable
    from stance.data import load_rows

    out = tmp_path / "sub.jsonl"
    done = subprocess.run([sys.executable, str(REPO / "training" / "teacher_labels.py"), "--teacher", str(tiny_model),
                           "--input", str(train_file), "--output", str(out), "--substitute", "2"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    gold = load_rows(train_file)
    sub = [r for r in rows if r.get("augmented") == "actor_substitution"]
    assert len(rows) == len(gold) + len(sub)
    assert len(sub) == 2 * sum(map(substitutable, gold)) > 0
    names = {a.lower() for names in NON_PERSON_ACTORS.values() for a in names}
    by_prefix = {(g.text[:g.start], g.label) for g in gold}
    for r in sub:
        assert r["text"][r["start"]:r["end"]] == r["actor"] and r["actor"].lower() in names
        assert (r["text"][:r["start"]], r["label"]) in by_prefix  # same sentence up to the mention, gold label kept
        assert abs(sum(r["teacher_scores"].values()) - 1) < 1e-4 and not r.get("pseudo")
    assert f", {len(sub)} actor-substituted rows" in done.stdout


def test_negative_substitute_is_refused(tiny_model, train_file, tmp_path):
    done = subprocess.run([sys.executable, str(REPO / "training" / "teacher_labels.py"), "--teacher", str(tiny_model),
                           "--input", str(train_file), "--output", str(tmp_path / "x.jsonl"), "--substitute", "-1"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "--substitute must be 0 or more" in done.stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_two_dev_files_pick_the_checkpoint_together(tiny_base, train_file, tmp_path):
    lines = train_file.read_text().splitlines()
    first, second = tmp_path / "dev-a.jsonl", tmp_path / "dev-b.jsonl"
    first.write_text("\n".join(lines[:5]) + "\n")
    second.write_text("\n".join(lines[5:12]) + "\n")
    cfg = load_config(None, [f"base_model={tiny_base}", f"train_file={train_file}", f"dev_file=[{first}, {second}]",
                             f"output_dir={tmp_path / 's'}", "epochs=1", "batch_size=8", "max_length=48",
                             "bf16=false", "export_onnx=false", f"checkpoint_dir={tmp_path / 'ck'}"])
    training = json.loads((train(cfg) / "config.json").read_text())["stance"]["training"]
    assert training["dev_rows"] == 12 and training["dev_source"] == f"{first} + {second}"
