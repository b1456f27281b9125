"""Calibrated scores: one temperature fitted on dev rows (temperature scaling, Guo et al. 2017),
the expected calibration error and the reliability diagram.

A model's probabilities are softmax(logits / T). T = 1 is the trained model; T is fitted by
minimising the negative log-likelihood of the dev labels, which leaves every argmax (so every
label and every macro-F1) unchanged and only makes the scores say how often they are right.
"""

from __future__ import annotations

from typing import Sequence

from .labels import LABELS

ECE_BINS = 15


def fit_temperature(logits: Sequence[Sequence[float]], labels: Sequence[str]) -> float:
    """The temperature in [0.05, 20] that minimises the NLL of ``labels`` under softmax(logits / T)."""
    import numpy as np
    from scipy.optimize import minimize_scalar
    from scipy.special import log_softmax

    if len(logits) != len(labels) or not len(labels):
        raise ValueError(f"need one label per row of logits, got {len(logits)} rows and {len(labels)} labels")
    z = np.asarray(logits, dtype=np.float64)
    y = np.array([LABELS.index(label) for label in labels])

    def nll(log_t: float) -> float:
        return float(-log_softmax(z / np.exp(log_t), axis=1)[np.arange(len(y)), y].mean())

    best = minimize_scalar(nll, bounds=(np.log(0.05), np.log(20.0)), method="bounded", options={"xatol": 1e-4})
    return float(np.exp(best.x))


def softmax(logits: Sequence[Sequence[float]], temperature: float = 1.0) -> list[list[float]]:
    """Probabilities of each row of logits at a temperature."""
    import numpy as np
    from scipy.special import softmax as sp_softmax

    return sp_softmax(np.asarray(logits, dtype=np.float64) / temperature, axis=1).tolist()


def reliability(probs: Sequence[Sequence[float]], labels: Sequence[str], bins: int = ECE_BINS) -> dict:
    """Top-label calibration in equal-width confidence bins: per bin the count, mean confidence
    and accuracy, and the expected calibration error (the count-weighted mean gap)."""
    import numpy as np

    p = np.asarray(probs, dtype=np.float64)
    if p.ndim != 2 or len(p) != len(labels) or not len(p):
        raise ValueError(f"need one label per row of probabilities, got {len(p)} rows and {len(labels)} labels")
    confidence = p.max(axis=1)
    correct = p.argmax(axis=1) == np.array([LABELS.index(label) for label in labels])
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    table, ece = [], 0.0
    for b in range(bins):
        inside = which == b
        n = int(inside.sum())
        if n:
            conf, acc = float(confidence[inside].mean()), float(correct[inside].mean())
            ece += n / len(p) * abs(acc - conf)
        else:
            conf = acc = None
        table.append({"low": float(edges[b]), "high": float(edges[b + 1]), "n": n, "confidence": conf,
                      "accuracy": acc})
    return {"ece": float(ece), "bins": table}


def expected_calibration_error(probs: Sequence[Sequence[float]], labels: Sequence[str], bins: int = ECE_BINS) -> float:
    """Top-label ECE with ``bins`` equal-width bins (15 by default)."""
    return reliability(probs, labels, bins)["ece"]


def plot_reliability(table: dict, title: str, path) -> None:
    """A reliability diagram (accuracy against confidence per bin, with the diagonal) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bins = [b for b in table["bins"] if b["n"]]
    fig, (ax, hist) = plt.subplots(2, 1, figsize=(5, 6), sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    width = bins[0]["high"] - bins[0]["low"] if bins else 0.1
    ax.bar([b["low"] for b in bins], [b["accuracy"] for b in bins], width=width, align="edge",
           edgecolor="black", color="#4c72b0", label="accuracy")
    ax.plot([0, 1], [0, 1], "--", color="gray", label="perfectly calibrated")
    ax.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins], "o", color="#dd8452",
            label="at the bin's mean confidence")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1)
    ax.set_title(f"{title}\nECE ({len(table['bins'])} bins) = {table['ece']:.3f}")
    ax.legend(loc="upper left", fontsize=8)
    hist.bar([b["low"] for b in bins], [b["n"] for b in bins], width=width, align="edge", color="gray")
    hist.set_xlabel("confidence (top label's probability)")
    hist.set_ylabel("rows")
    hist.set_xlim(0, 1)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
