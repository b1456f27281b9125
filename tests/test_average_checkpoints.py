"""training/average_checkpoints.py: the mean of a run's checkpoints, with its model's settings."""

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "training"))


def _weights(path):
    from safetensors.torch import load_file

    return load_file(str(path / "model.safetensors"))


@pytest.fixture(scope="module")
def run_with_checkpoints(tiny_base, train_file, tmp_path_factory):
    from stance.config import load_config
    from stance.training import train

    root = tmp_path_factory.mktemp("avg")
    model = train(load_config(None, [f"base_model={tiny_base}", f"train_file={train_file}",
                                     f"output_dir={root / 'run'}", "epochs=2", "batch_size=8",
                                     "learning_rate=1e-3", "max_length=48", "bf16=false", "export_onnx=false", "keep_checkpoints=true",
                                     f"checkpoint_dir={root / 'ck'}"]))
    checkpoints = sorted((root / "ck").glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[1]))
    assert len(checkpoints) == 2, checkpoints  # one per epoch, save_total_limit=2
    return model, checkpoints


def test_average_is_the_mean_of_the_checkpoints(run_with_checkpoints, tmp_path):
    from average_checkpoints import average

    model, (first, second) = run_with_checkpoints
    out = average(str(model), [str(first), str(second)], str(tmp_path / "avg"))
    a, b, m = _weights(first), _weights(second), _weights(out)
    key = next(k for k in m if m[k].is_floating_point() and not (a[k] == b[k]).all())
    assert (m[key] - (a[key] + b[key]) / 2).abs().max() < 1e-6
    settings = json.loads((out / "config.json").read_text())["stance"]
    assert settings["training"]["averaged_checkpoints"] == [str(first), str(second)]
    assert settings["format"] == json.loads((model / "config.json").read_text())["stance"]["format"]
    import stance

    assert stance.load(out, backend="torch").predict("Russia praised China.", actor="China").label


def test_one_checkpoint_or_a_folder_without_config_is_refused(run_with_checkpoints, tmp_path):
    model, (first, _) = run_with_checkpoints
    script = [sys.executable, str(REPO / "training" / "average_checkpoints.py"), str(model)]
    done = subprocess.run(script + [str(first), "--output", str(tmp_path / "x")], capture_output=True, text=True)
    assert done.returncode == 2 and "at least two checkpoints" in done.stderr
    (tmp_path / "empty").mkdir()
    done = subprocess.run(script + [str(first), str(tmp_path / "empty"), "--output", str(tmp_path / "y")],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "no config.json" in done.stderr
    assert not (tmp_path / "y").exists()
