"""training/interpolate_weights.py: (1 - w) x first + w x second, with checks."""

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "training"))


def _weights(path):
    from safetensors.torch import load_file

    return load_file(str(path / "model.safetensors"))


def test_interpolation_is_a_weighted_mean(tiny_model, tiny_base, train_file, tmp_path):
    from interpolate_weights import interpolate

    from stance.config import load_config
    from stance.training import train

    other = train(load_config(None, [f"base_model={tiny_base}", f"train_file={train_file}",
                                     f"output_dir={tmp_path / 'other'}", "epochs=1", "batch_size=8",
                                     "learning_rate=1e-3", "max_length=48", "seed=7", "bf16=false", "export_onnx=false",
                                     f"checkpoint_dir={tmp_path / 'ck'}"]))
    out = interpolate(str(tiny_model), str(other), 0.25, str(tmp_path / "mix"))
    a, b, m = _weights(tiny_model), _weights(other), _weights(out)
    key = next(k for k in m if m[k].is_floating_point() and not (a[k] == b[k]).all())
    assert (m[key] - (0.75 * a[key] + 0.25 * b[key])).abs().max() < 1e-6
    record = json.loads((out / "config.json").read_text())["stance"]["training"]["interpolated"]
    assert record == {"first": str(tiny_model), "second": str(other), "weight_of_second": 0.25}
    import stance

    assert stance.load(out, backend="torch").predict("Russia praised China.", actor="China").label


def test_bad_weight_and_existing_output_are_refused(tiny_model, tmp_path):
    script = [sys.executable, str(REPO / "training" / "interpolate_weights.py"), str(tiny_model), str(tiny_model)]
    done = subprocess.run(script + ["--weight", "1.5", "--output", str(tmp_path / "x")], capture_output=True, text=True)
    assert done.returncode == 2 and "--weight must be between 0 and 1" in done.stderr
    (tmp_path / "taken").mkdir()
    done = subprocess.run(script + ["--weight", "0.5", "--output", str(tmp_path / "taken")], capture_output=True, text=True)
    assert done.returncode == 2 and "exists" in done.stderr


def test_models_with_other_input_formats_are_refused(tiny_model, tiny_base, train_file, tmp_path):
    from interpolate_weights import interpolate

    from stance.config import load_config
    from stance.training import train

    other = train(load_config(None, [f"base_model={tiny_base}", f"train_file={train_file}",
                                     f"output_dir={tmp_path / 'nomark'}", "epochs=1", "batch_size=8",
                                     "max_length=48", "markers=false", "bf16=false", "export_onnx=false",
                                     f"checkpoint_dir={tmp_path / 'ck'}"]))
    with pytest.raises(ValueError, match="encode their inputs differently"):
        interpolate(str(tiny_model), str(other), 0.5, str(tmp_path / "mix"))


def test_train_with_interpolate_saves_the_weighted_mean(tiny_model, train_file, tmp_path):
    """interpolate: 0.4 in a config saves 0.6 x the start model + 0.4 x the trained weights."""
    from stance.config import load_config
    from stance.training import train

    common = [f"base_model={tiny_model}", f"train_file={train_file}", "epochs=1", "batch_size=8", "learning_rate=1e-3",
              "seed=7", "bf16=false", "export_onnx=false", "keep=last"]
    full = train(load_config(None, common + [f"output_dir={tmp_path / 'full'}", f"checkpoint_dir={tmp_path / 'c1'}"]))
    mixed = train(load_config(None, common + [f"output_dir={tmp_path / 'mix'}", f"checkpoint_dir={tmp_path / 'c2'}",
                                              "interpolate=0.4"]))
    a, b, m = _weights(tiny_model), _weights(full), _weights(mixed)
    key = next(k for k in m if m[k].is_floating_point() and not (a[k] == b[k]).all())
    assert (m[key] - (0.6 * a[key] + 0.4 * b[key])).abs().max() < 1e-5
    selection = json.loads((mixed / "config.json").read_text())["stance"]["training"]["selection"]
    assert selection["interpolated"]["weight_of_trained"] == 0.4


def test_interpolate_needs_a_stance_model_to_start_from(tiny_base, train_file, tmp_path):
    from stance.config import load_config
    from stance.training import train

    cfg = load_config(None, [f"base_model={tiny_base}", f"train_file={train_file}", f"output_dir={tmp_path / 'x'}",
                             "interpolate=0.5"])
    with pytest.raises(ValueError, match="needs a stance model folder"):
        train(cfg)
    with pytest.raises(ValueError, match="interpolate must be above 0"):
        load_config(None, [f"train_file={train_file}", "interpolate=1.5"]).validate()
