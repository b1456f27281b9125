"""The top-level API: stance.load and stance.predict with the shipped default model."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .model import ModelFolderError, StanceModel

DEFAULT_MODEL = "newsmtsc-minilm"
_default: StanceModel | None = None
_default_lock = threading.Lock()


def default_model_path() -> Path:
    """The shipped model folder: inside the installed package, or models/ of a source checkout."""
    return shipped_model_path(DEFAULT_MODEL)


def shipped_model_path(name: str) -> Path:
    """A shipped model folder by name: inside the installed package, or models/ of a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "models" / name, here.parent / "models" / name):
        if (candidate / "config.json").is_file():
            return candidate
    raise ModelFolderError(f"the shipped model {name!r} is not installed (looked in "
                           f"{here / 'models'} and {here.parent / 'models'})")


def load(path: str | os.PathLike | None = None, precision: str = "auto", backend: str = "auto",
         device: str = "cpu") -> StanceModel:
    """Load a model folder; with no path, the shipped default (loaded once, then reused).

    precision: "auto" (bf16 autocast where the CPU supports it), "fp32" or "bf16" (torch backend).
    backend: "auto" (the folder's ONNX copy when it has one and onnxruntime is installed,
    else torch), "torch", or "onnx" (see ``stance export``).
    device: where the torch backend runs: "cpu", "cuda" or "auto" (a GPU when torch sees one).
    """
    global _default
    if path is not None:
        return StanceModel.load(path, precision=precision, backend=backend, device=device)
    if precision != "auto" or backend != "auto" or device != "cpu":
        return StanceModel.load(default_model_path(), precision=precision, backend=backend, device=device)
    with _default_lock:
        if _default is None:
            _default = StanceModel.load(default_model_path())
        return _default


def predict(text, actor, span=None, batch_size: int = 32, model: StanceModel | None = None):
    """Stance toward ``actor`` in ``text`` with the shipped default model (or ``model``).

    One text gives a Prediction; a list of texts gives a list of Predictions in the same
    order (``actor``: a list of the same length, or one str for all; ``span``: None or a
    list with a (start, end) or None per text).
    """
    return (model or load()).predict(text, actor, span=span, batch_size=batch_size)


def predict_frame(df, text: str = "text", actor: str = "actor", span: tuple[str, str] | None = None,
                  batch_size: int = 32, model: StanceModel | None = None):
    """A copy of the pandas DataFrame with the stance of each row's text toward its actor added:
    ``predicted``, ``score`` and ``p_critical``/``p_neutral``/``p_supportive`` (as ``stance
    predict --output x.csv``). span: the names of the start and end columns, when the frame has
    the mention's offsets. No input column is overwritten: a frame that already has one of the
    added names is refused."""
    from .labels import LABELS

    added = ["predicted", "score", *(f"p_{lab}" for lab in LABELS)]
    clash = [c for c in added if c in df.columns]
    if clash:
        raise ValueError(f"the frame already has column(s) {', '.join(clash)}; rename them (nothing is overwritten)")
    missing = [c for c in (text, actor, *(span or ())) if c not in df.columns]
    if missing:
        raise ValueError(f"the frame has no column(s) {', '.join(missing)}")
    spans = None if span is None else [(int(a), int(b)) for a, b in zip(df[span[0]], df[span[1]])]
    preds = (model or load()).predict(list(df[text]), list(df[actor]), span=spans, batch_size=batch_size)
    out = df.copy()
    out["predicted"] = [p.label for p in preds]
    out["score"] = [p.score for p in preds]
    for lab in LABELS:
        out[f"p_{lab}"] = [p.scores[lab] for p in preds]
    return out
