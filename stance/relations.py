"""Who holds a stance toward whom: stance.predict_relation, the Relation result and the shipped
relation model (stance.load_relations)."""

from __future__ import annotations

import functools
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from .actors import known_names
from .labels import LABELS
from .matching import find_mention
from .model import ModelFolderError, StanceModel

AUTHOR = "AUTHOR"
"""The source that stands for the writer, or the sentence itself: ``predict_relation(text,
source=AUTHOR, target=X)`` is ``predict(text, actor=X)`` with the stance model."""

DEFAULT_RELATION_MODEL = "relations-minilm"
_default: StanceModel | None = None
_lock = threading.Lock()


@dataclass(frozen=True)
class Relation:
    """The stance that a sentence attributes to the source toward the target.

    label: "supportive", "critical" or "neutral" (neutral: no stance of the source toward the
    target); score: its probability; scores: every label's. source is AUTHOR, or an actor
    with its mention (source_mention = text[source_start:source_end]); likewise the target.
    """

    label: str
    score: float
    scores: dict
    source: str
    source_mention: str | None
    source_start: int | None
    source_end: int | None
    target: str
    target_mention: str
    target_start: int
    target_end: int

    def to_dict(self) -> dict:
        return asdict(self)


def default_relation_model_path() -> Path:
    """The shipped relation model folder: in the installed package, or models/ of a checkout."""
    from .api import shipped_model_path

    return shipped_model_path(DEFAULT_RELATION_MODEL)


def load_relations(path: str | os.PathLike | None = None, precision: str = "auto", backend: str = "auto",
                   device: str = "cpu") -> StanceModel:
    """Load a relation model folder; with no path, the shipped one (loaded once, then reused).
    The options are those of ``stance.load``."""
    global _default
    if path is None and (precision, backend, device) == ("auto", "auto", "cpu"):
        with _lock:
            if _default is None:
                _default = _checked(StanceModel.load(default_relation_model_path()))
            return _default
    return _checked(StanceModel.load(path or default_relation_model_path(), precision=precision,
                                     backend=backend, device=device))


def _checked(model: StanceModel) -> StanceModel:
    if not model.settings.format.relation:
        raise ModelFolderError(f"{model.name}: a stance model, not a relation model (its input format has no "
                               "source markers); load it with stance.load")
    return model


def predict_relation(text, source, target, source_span=None, target_span=None, batch_size: int = 32,
                     model: StanceModel | None = None, stance_model: StanceModel | None = None):
    """The stance that ``text`` attributes to ``source`` toward ``target``: a Relation, or a
    list for a list of texts (``source``, ``target``, ``source_span``, ``target_span``: one
    value for all, or a list of the same length). source=AUTHOR asks for the sentence's own
    stance, from the stance model (``stance_model``, default the shipped one); any other source
    is read by the relation model (``model``, default the shipped one). Mentions are found as
    in ``predict`` (spans pick one explicitly); a source or target that is not in the text,
    one mention given as both, or a span out of range raises ValueError.
    """
    single = isinstance(text, str)
    texts = [text] if single else text
    if not isinstance(texts, (list, tuple)):
        raise TypeError(f"text must be a str or a list of str, got {type(text).__name__}")
    n = len(texts)
    columns = [_column(v, n, name, single) for v, name in
               ((source, "source"), (target, "target"), (source_span, "source_span"), (target_span, "target_span"))]
    located = []
    for i, item in enumerate(zip(texts, *columns)):
        try:
            located.append(_locate(*item))
        except (TypeError, ValueError) as err:
            raise type(err)(f"item {i}: {err}" if not single else str(err)) from None
    out: list[Relation | None] = [None] * n
    by_author = [i for i, loc in enumerate(located) if loc[1] == AUTHOR]
    pairs = [i for i, loc in enumerate(located) if loc[1] != AUTHOR]
    if by_author:
        from .api import load

        probs = (stance_model or load()).predict_proba([(located[i][0], *located[i][4]) for i in by_author], batch_size)
        for i, p in zip(by_author, probs):
            out[i] = _relation(located[i], p)
    if pairs:
        probs = (model or load_relations()).predict_proba(
            [(located[i][0], *located[i][4], *located[i][2]) for i in pairs], batch_size)
        for i, p in zip(pairs, probs):
            out[i] = _relation(located[i], p)
    return out[0] if single else out


def _column(value, n: int, name: str, single: bool) -> list:
    if single or not isinstance(value, (list, tuple)) or (name.endswith("span") and _is_span(value)):
        return [value] * n
    if len(value) != n:
        raise ValueError(f"got {n} texts but {len(value)} values of {name}")
    return list(value)


def _is_span(value) -> bool:
    return len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in value)


def _locate(text, source, target, source_span, target_span):
    """(text, source, source (start, end) or None, target, target (start, end))."""
    for value, name in ((source, "source"), (target, "target")):
        if not isinstance(value, str) or not value.strip():
            raise TypeError(f"{name} must be a non-empty str, got {value!r}")
    if target == AUTHOR:
        raise ValueError("the target must be an actor of the text; AUTHOR can only be a source")
    tgt = _find(text, target, target_span, "target")
    if source == AUTHOR:
        if source_span is not None:
            raise ValueError("source AUTHOR has no mention: give no source_span with it")
        return text, source, None, target, tgt
    src = _find(text, source, source_span, "source")
    if src[0] < tgt[1] and tgt[0] < src[1]:
        raise ValueError(f"source and target are the same mention, {text[src[0]:src[1]]!r} at {src[0]}-{src[1]}; "
                         "give source_span and target_span to name two different mentions")
    return text, source, src, target, tgt


def _find(text, actor, span, role):
    try:
        return find_mention(text, actor, span, aliases=functools.partial(known_names, actor))
    except (TypeError, ValueError) as err:
        raise type(err)(f"{role}: {err}") from None


def _relation(loc, probs) -> Relation:
    text, source, src, target, tgt = loc
    best = max(range(len(LABELS)), key=probs.__getitem__)
    return Relation(label=LABELS[best], score=float(probs[best]),
                    scores={label: float(probs[j]) for j, label in enumerate(LABELS)},
                    source=source, source_mention=text[src[0]:src[1]] if src else None,
                    source_start=src[0] if src else None, source_end=src[1] if src else None,
                    target=target, target_mention=text[tgt[0]:tgt[1]], target_start=tgt[0], target_end=tgt[1])
