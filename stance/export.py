"""ONNX copies of a model folder (``stance export``) and ONNX Runtime sessions for them."""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

ONNX_DIR = "onnx"
FP32_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"


def export_onnx(model_dir: str | os.PathLike, int8: bool = False) -> Path:
    """Write ``<model_dir>/onnx/model.onnx`` (and, with int8, a dynamically quantised
    ``model.int8.onnx``); files appear only when complete. Returns the file to use."""
    import torch

    from .model import classifier_class, read_settings

    model_dir = Path(model_dir)
    settings = read_settings(model_dir)
    # eager attention exports as plain MatMul/Softmax, which quantises and runs faster in ONNX
    # Runtime than the SDPA graph (benchmarks/throughput.py: about 350 vs 310 pairs/s int8 here)
    # with marker pooling the graph outputs every token's logits; StanceModel reads the marker's
    model = classifier_class(settings.format).from_pretrained(model_dir, dtype="float32",
                                                              attn_implementation="eager").eval()
    out = model_dir / ONNX_DIR
    out.mkdir(exist_ok=True)
    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if model.config.type_vocab_size > 1 else [])
    sample = tuple(torch.ones((2, 8), dtype=torch.long) if n != "token_type_ids" else torch.zeros((2, 8), dtype=torch.long)
                   for n in names)
    logit_axes = {0: "batch", 1: "tokens"} if settings.format.pooling == "marker" else {0: "batch"}
    axes = {n: {0: "batch", 1: "tokens"} for n in names} | {"logits": logit_axes}
    fp32 = out / FP32_FILE
    with _atomic_path(fp32) as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, sample, str(tmp), input_names=names, output_names=["logits"],
                          dynamic_axes=axes, opset_version=17, dynamo=False)
    if not int8:
        return fp32
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with _atomic_path(out / INT8_FILE) as tmp:
        # per-channel weight scales: closer to float32 than one scale per tensor (with per-tensor
        # scales a clear case of tests/test_shipped_model.py flipped to neutral)
        quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True)
    return out / INT8_FILE


class _atomic_path:
    """A temporary path beside ``target``, renamed onto it when the block succeeds."""

    def __init__(self, target: Path):
        self.target = target

    def __enter__(self) -> Path:
        fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=self.target.parent)
        os.close(fd)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.tmp.chmod(0o644)  # mkstemp makes it private; a model file is meant to be read by all
            os.replace(self.tmp, self.target)
        else:
            self.tmp.unlink(missing_ok=True)


def onnx_file(model_dir: Path) -> Path | None:
    """The ONNX copy to use: the int8 one when present, else fp32, else None."""
    for name in (INT8_FILE, FP32_FILE):
        if (model_dir / ONNX_DIR / name).is_file():
            return model_dir / ONNX_DIR / name
    return None


def onnx_session(model_dir: Path):
    """An ONNX Runtime session for the folder's ONNX copy."""
    from .model import ModelFolderError

    path = onnx_file(model_dir)
    if path is None:
        raise ModelFolderError(f"{model_dir}: no ONNX copy; write one with `stance export {model_dir} --onnx --int8`")
    try:
        import onnxruntime as ort
    except ImportError:
        raise ModelFolderError("the ONNX backend needs onnxruntime: pip install 'stance[onnx]'") from None
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as err:
        raise ModelFolderError(f"{path}: cannot load the ONNX model ({err})") from err


def half_weights(model_dir: str | os.PathLike) -> Path:
    """Store a model folder's weights as float16 (half the size on disk); ``stance.load`` reads
    them back as float32, so the torch backend runs as before up to float16 rounding of each
    weight (measured in docs/experiments.md). The ONNX copy is not touched."""
    import json

    import torch
    from safetensors.torch import load_file, save_file

    from .model import read_settings

    model_dir = Path(model_dir)
    read_settings(model_dir)
    weights = model_dir / "model.safetensors"
    if not weights.is_file():
        raise FileNotFoundError(f"{model_dir}: no model.safetensors to convert")
    state = {k: (v.to(torch.float16) if v.is_floating_point() else v).contiguous() for k, v in load_file(weights).items()}
    with _atomic_path(weights) as tmp:
        save_file(state, str(tmp), metadata={"format": "pt"})
    config_file = model_dir / "config.json"
    config = json.loads(config_file.read_text(encoding="utf-8"))
    config["dtype"] = "float16"
    with _atomic_path(config_file) as tmp:
        tmp.write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return weights
