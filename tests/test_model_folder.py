"""Model folders: bad ones get clear errors; training is reproducible for a seed."""

import json
import shutil

import pytest

import stance
from stance.config import load_config
from stance.model import ModelFolderError
from stance.training import train


@pytest.fixture
def copy(tiny_model, tmp_path):
    dest = tmp_path / "copy"
    shutil.copytree(tiny_model, dest)
    return dest


def _edit_settings(folder, **changes):
    config = json.loads((folder / "config.json").read_text())
    config["stance"].update(changes)
    (folder / "config.json").write_text(json.dumps(config))


def test_truncated_weights(copy):
    weights = copy / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])
    with pytest.raises(ModelFolderError, match="cannot load the model"):
        stance.load(copy)


def test_missing_weights(copy):
    (copy / "model.safetensors").unlink()
    with pytest.raises(ModelFolderError, match="cannot load the model"):
        stance.load(copy)


def test_corrupt_config(copy):
    (copy / "config.json").write_text("{not json")
    with pytest.raises(ModelFolderError, match="not valid JSON"):
        stance.load(copy)


def test_missing_config(copy):
    (copy / "config.json").unlink()
    with pytest.raises(ModelFolderError, match="no config.json"):
        stance.load(copy)


def test_other_label_map(copy):
    _edit_settings(copy, labels=["negative", "neutral", "positive"])
    with pytest.raises(ModelFolderError, match="label map"):
        stance.load(copy)


def test_newer_library_version_warns(copy):
    _edit_settings(copy, version="99.0.0")
    with pytest.warns(UserWarning, match="saved by stance 99.0.0"):
        stance.load(copy)


def test_same_config_and_seed_give_identical_predictions(tiny_base, train_file, tmp_path):
    texts = ["China praised Russia for its support.", "Merkel attacked Biden over the war."]
    actors = ["Russia", "Biden"]
    scores = []
    for run in ("a", "b"):
        cfg = load_config(None, [f"base_model={tiny_base}", f"train_file={train_file}", f"output_dir={tmp_path / run}",
                                 "epochs=1", "batch_size=8", "learning_rate=1e-3", "seed=7", "bf16=false", "export_onnx=false",
                                 f"checkpoint_dir={tmp_path / (run + '-ck')}"])
        model = stance.load(train(cfg), precision="fp32")
        scores.append([p.scores for p in model.predict(texts, actors)])
    assert scores[0] == scores[1]


@pytest.mark.parametrize("cpuinfo, expected", [
    ("vendor_id\t: GenuineIntel\nflags\t\t: avx512f amx_bf16 avx512_bf16\n", True),   # Sapphire Rapids
    ("vendor_id\t: GenuineIntel\nflags\t\t: avx512f avx512_bf16\n", False),           # Cooper Lake: slower
    ("vendor_id\t: AuthenticAMD\nflags\t\t: avx512f avx512_bf16\n", True),             # Zen 4
    ("vendor_id\t: AuthenticAMD\nflags\t\t: avx2\n", False),
    ("", False),
])
def test_cpu_prefers_bf16(cpuinfo, expected):
    from stance.model import cpu_prefers_bf16

    assert cpu_prefers_bf16(cpuinfo) is expected


def test_mention_placeholder_is_saved_and_used_at_prediction(tiny_base, train_file, tmp_path):
    cfg = load_config(None, [f"base_model={tiny_base}", f"train_file={train_file}", f"output_dir={tmp_path / 'm'}",
                             "epochs=1", "batch_size=8", "seed=7", "bf16=false", "export_onnx=false", "mention_placeholder=someone",
                             f"checkpoint_dir={tmp_path / 'ck'}"])
    model = stance.load(train(cfg), precision="fp32")
    assert model.settings.format.mention_placeholder == "someone"
    russia, germany = model.predict(["China backed Russia.", "China backed Germany."], ["Russia", "Germany"])
    assert russia.scores == germany.scores and (russia.mention, germany.mention) == ("Russia", "Germany")


def test_a_saved_model_folder_is_readable_by_all(tiny_model):
    """Every file of a saved folder has the mode a plain open() gives (0644 under umask 022),
    not the 0600 that transformers leaves on the weights."""
    import os
    import stat

    mask = os.umask(0)
    os.umask(mask)
    for f in tiny_model.rglob("*"):
        if f.is_file():
            assert stat.S_IMODE(f.stat().st_mode) == 0o666 & ~mask, f
