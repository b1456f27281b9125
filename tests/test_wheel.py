"""The shipped models load from an installed (non-editable) wheel, away from the source tree."""

import json
import subprocess
import sys
import venv

import pytest

from tests.conftest import REPO

TEXT = "China has reaffirmed its partnership with Russia."


@pytest.mark.slow
def test_installed_wheel_finds_the_shipped_model(tmp_path):
    wheels = tmp_path / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
                           capture_output=True, text=True)
    if build.returncode != 0 and "hatchling" in build.stderr and "No matching distribution" in build.stderr:
        pytest.skip("hatchling (the build backend) cannot be installed here")
    assert build.returncode == 0, build.stderr
    [wheel] = wheels.glob("stance-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    code = ("import stance, pathlib; p = stance.default_model_path(); "
            "assert 'site-packages' in str(p), p; "
            "from stance.relations import default_relation_model_path as r; assert 'site-packages' in str(r()), r(); "
            "stance.predict_relation(TEXT, source='China', target='Russia'); "
            "import json; print(json.dumps(stance.predict(TEXT, actor='Russia').scores))").replace("TEXT", repr(TEXT))
    out = subprocess.run([str(python), "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    import stance

    here = stance.predict(TEXT, actor="Russia").scores
    assert json.loads(out.stdout.strip().splitlines()[-1]) == pytest.approx(here, abs=1e-4)


@pytest.mark.slow
def test_installing_stance_leaves_an_installed_torch_alone(tmp_path):
    """pip's own resolver, asked to install the wheel with its dependencies beside the torch
    already installed, plans no torch (the requirement is a lower bound, not a pin)."""
    import torch

    wheels = tmp_path / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
                           capture_output=True, text=True)
    if build.returncode != 0 and "hatchling" in build.stderr and "No matching distribution" in build.stderr:
        pytest.skip("hatchling (the build backend) cannot be installed here")
    [wheel] = wheels.glob("stance-*.whl")
    report = tmp_path / "plan.json"
    plan = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "-q", "--report", str(report),
                           str(wheel)], capture_output=True, text=True)
    assert plan.returncode == 0, plan.stderr
    planned = {item["metadata"]["name"].lower() for item in json.loads(report.read_text())["install"]}
    assert "stance" in planned and "torch" not in planned, (torch.__version__, sorted(planned))
