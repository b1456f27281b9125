"""The three stance labels and the vocabularies that map onto them."""

from __future__ import annotations

LABELS: tuple[str, ...] = ("critical", "neutral", "supportive")
"""Label order used by every model this library trains (index = class id)."""

_ALIASES = {
    "supportive": "supportive", "positive": "supportive", "pos": "supportive", "1": "supportive", "+1": "supportive",
    "critical": "critical", "negative": "critical", "neg": "critical", "-1": "critical",
    "neutral": "neutral", "0": "neutral",
}


def normalize_label(value: object) -> str:
    """Map a label in our or NewsMTSC's vocabulary to one of LABELS; raise ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"unknown label {value!r}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    key = str(value).strip().lower()
    if key not in _ALIASES:
        raise ValueError(f"unknown label {value!r} (expected one of {', '.join(LABELS)}, "
                         "positive/negative/neutral or 1/0/-1)")
    return _ALIASES[key]


def top_label(probs) -> str:
    """The label of the highest of three probabilities given in LABELS order."""
    return LABELS[max(range(len(LABELS)), key=probs.__getitem__)]
