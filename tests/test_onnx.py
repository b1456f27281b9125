"""ONNX export and the ONNX Runtime backend, on the tiny model."""

import shutil

import pytest

import stance
from stance.cli import main

pytest.importorskip("onnxruntime", reason="the ONNX backend is an optional extra: pip install 'stance[onnx]'")


@pytest.fixture(scope="module")
def exported(tiny_model, tmp_path_factory):
    folder = tmp_path_factory.mktemp("onnx") / "m"
    shutil.copytree(tiny_model, folder)
    assert main(["export", str(folder), "--onnx"]) == 0
    return folder


TEXTS = ["China praised Russia for its support.", "Merkel attacked Biden over the war again and again.", "NATO met France."]
ACTORS = ["Russia", "Biden", "France"]


def test_onnx_matches_torch(exported):
    torch_model = stance.load(exported, precision="fp32")
    onnx_model = stance.load(exported, backend="onnx")
    assert onnx_model.backend == "onnx"
    for a, b in zip(torch_model.predict(TEXTS, ACTORS), onnx_model.predict(TEXTS, ACTORS)):
        assert a.scores == pytest.approx(b.scores, abs=1e-4)


def test_int8_copy_is_used_when_present(exported):
    assert main(["export", str(exported), "--onnx", "--int8"]) == 0
    assert (exported / "onnx" / "model.int8.onnx").is_file()
    preds = stance.load(exported, backend="onnx").predict(TEXTS, ACTORS)
    assert [p.label for p in preds] and all(abs(sum(p.scores.values()) - 1) < 1e-4 for p in preds)


def test_missing_onnx_copy_is_a_clear_error(tiny_model):
    with pytest.raises(stance.ModelFolderError, match="stance export"):
        stance.load(tiny_model, backend="onnx")


def test_onnx_model_cannot_be_saved(exported, tmp_path):
    with pytest.raises(ValueError, match="cannot be saved"):
        stance.load(exported, backend="onnx").save(tmp_path / "x")


def test_auto_backend_picks_the_onnx_copy(exported, tiny_model):
    assert stance.load(exported).backend == "onnx"
    assert stance.load(exported, precision="fp32").backend == "torch"  # an explicit precision asks for torch
    assert stance.load(tiny_model).backend == "torch"  # no ONNX copy
    assert oct((exported / "onnx" / "model.onnx").stat().st_mode & 0o777) == "0o644"
