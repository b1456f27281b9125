"""Metrics for a model on labelled rows (scikit-learn), with a bootstrap interval."""

from __future__ import annotations

from collections import defaultdict

from .data import Row
from .labels import LABELS, top_label


def classification_metrics(y_true: list[str], y_pred: list[str], bootstrap: int = 1000, seed: int = 0) -> dict:
    """Accuracy, macro-F1 with a 95% bootstrap interval, per-class scores and the confusion matrix."""
    import numpy as np
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    labels = list(LABELS)
    macro = f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)
    out = {"n": len(y_true), "accuracy": accuracy_score(y_true, y_pred), "macro_f1": macro}
    if bootstrap:
        rng = np.random.default_rng(seed)
        t, p = np.asarray(y_true), np.asarray(y_pred)
        draws = [f1_score(t[idx], p[idx], labels=labels, average="macro", zero_division=0)
                 for idx in (rng.integers(0, len(t), len(t)) for _ in range(bootstrap))]
        out["macro_f1_ci95"] = [float(np.percentile(draws, 2.5)), float(np.percentile(draws, 97.5))]
    prec, rec, f1, sup = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    out["per_class"] = {lab: {"precision": float(prec[i]), "recall": float(rec[i]), "f1": float(f1[i]),
                              "support": int(sup[i])} for i, lab in enumerate(labels)}
    out["confusion_matrix"] = {"labels": labels, "rows_are": "true label", "columns_are": "predicted label",
                               "matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist()}
    out["accuracy"], out["macro_f1"] = float(out["accuracy"]), float(out["macro_f1"])
    return out


def predict_rows(model, rows: list[Row], batch_size: int = 64) -> list[list[float]]:
    """Probabilities for labelled rows, in order."""
    return model.predict_proba([(r.text, r.start, r.end, *(r.source_span or ())) for r in rows], batch_size=batch_size)


def reverse_pairs(rows: list[Row]) -> list[int | None]:
    """For each relation row A -> B, the index of B -> A of the same text among rows, or None
    (also for rows without a source)."""
    index = {(r.text, r.source_span, (r.start, r.end)): i for i, r in enumerate(rows) if r.source_span}
    return [index.get((r.text, (r.start, r.end), r.source_span)) if r.source_span else None for r in rows]


def direction_accuracy(rows: list[Row], probs: list[list[float]]) -> dict:
    """For relation rows: how often, for a gold supportive or critical A -> B, the model gives
    that label a higher probability for A -> B than for the reverse B -> A (the consistency
    check). Pairs whose reverse is not among the rows, or has the same gold label (a mutual
    stance), are counted apart and left out."""
    n = correct = mutual = missing = 0
    for i, (r, j) in enumerate(zip(rows, reverse_pairs(rows))):
        if not r.source_span or r.label == "neutral":
            continue
        if j is None:
            missing += 1
        elif rows[j].label == r.label:
            mutual += 1
        else:
            k = LABELS.index(r.label)
            n += 1
            correct += probs[i][k] > probs[j][k]
    return {"n": n, "accuracy": correct / n if n else None, "mutual": mutual, "no_reverse": missing}


def evaluate(model, rows: list[Row], batch_size: int = 64, bootstrap: int = 1000, by_article: bool = False,
             by: str | None = None):
    """Metrics dict plus the per-row predicted labels and probabilities. by: also metrics per
    value of this column of the input rows (e.g. "type")."""
    if not rows:
        raise ValueError("no rows to evaluate")
    probs = predict_rows(model, rows, batch_size)
    y_pred = [top_label(p) for p in probs]
    y_true = [r.label for r in rows]
    metrics = classification_metrics(y_true, y_pred, bootstrap=bootstrap)
    from .calibration import ECE_BINS, reliability

    table = reliability(probs, y_true)
    metrics["ece"] = table["ece"]
    metrics["ece_bins"] = ECE_BINS
    metrics["reliability"] = table["bins"]
    if any(r.source_span for r in rows):
        metrics["direction"] = direction_accuracy(rows, probs)
    if by_article:
        metrics["by_article"] = article_metrics(rows, y_true, y_pred)
    if by:
        metrics["by"] = {"field": by, "groups": field_metrics(rows, y_true, y_pred, by, bootstrap, probs)}
    return metrics, y_pred, probs


def field_metrics(rows: list[Row], y_true: list[str], y_pred: list[str], field: str, bootstrap: int,
                  probs: list[list[float]] | None = None) -> dict:
    """classification_metrics (and, given the probabilities, the ECE) for each value of one column."""
    groups: dict = defaultdict(list)
    missing = [f"{r.source}:{r.line}" for r in rows if r.record.get(field) in (None, "")]
    if missing:
        raise ValueError(f"--by {field}: {len(missing)} rows have no {field!r} column (first: {missing[0]})")
    for i, r in enumerate(rows):
        groups[str(r.record[field])].append(i)
    from .calibration import expected_calibration_error

    out = {}
    for value, ix in sorted(groups.items()):
        out[value] = classification_metrics([y_true[i] for i in ix], [y_pred[i] for i in ix], bootstrap=bootstrap)
        if probs is not None:
            out[value]["ece"] = expected_calibration_error([probs[i] for i in ix], [y_true[i] for i in ix])
    return out


def article_metrics(rows: list[Row], y_true: list[str], y_pred: list[str]) -> dict:
    """Per-article n and accuracy, and the mean of per-article accuracy (each article weighs the same)."""
    groups: dict = defaultdict(list)
    for i, r in enumerate(rows):
        if r.article_id:
            groups[r.article_id].append(i)
    if not groups:
        raise ValueError("--by-article needs rows with article_id (or NewsMTSC ids)")
    per = {a: {"n": len(ix), "accuracy": sum(y_true[i] == y_pred[i] for i in ix) / len(ix)}
           for a, ix in sorted(groups.items())}
    return {"articles": len(per), "mean_article_accuracy": sum(v["accuracy"] for v in per.values()) / len(per),
            "per_article": per}


def _direction_line(d: dict) -> str:
    shown = f"{d['accuracy'] * 100:.1f}" if d["accuracy"] is not None else "n/a"
    return (f"direction = {shown} (gold A -> B outranks B -> A, {d['n']} pairs; "
            f"{d['mutual']} mutual and {d['no_reverse']} without their reverse left out)")


def format_report(metrics: dict) -> str:
    """Plain-text report of classification_metrics output."""
    lines = [f"n = {metrics['n']}", f"accuracy  = {metrics['accuracy'] * 100:.1f}",
             f"macro-F1  = {metrics['macro_f1'] * 100:.1f}"
             + (" (95% bootstrap CI {:.1f}-{:.1f})".format(*(x * 100 for x in metrics["macro_f1_ci95"]))
                if "macro_f1_ci95" in metrics else ""),
             *([f"ECE       = {metrics['ece']:.3f} ({metrics['ece_bins']} bins)"] if "ece" in metrics else []),
             *([_direction_line(metrics["direction"])] if "direction" in metrics else []), "",
             f"{'label':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]
    for lab, m in metrics["per_class"].items():
        lines.append(f"{lab:<12}{m['precision'] * 100:>10.1f}{m['recall'] * 100:>10.1f}{m['f1'] * 100:>10.1f}"
                     f"{m['support']:>10}")
    cm = metrics["confusion_matrix"]
    lines += ["", "confusion matrix (rows: true, columns: predicted)",
              " " * 12 + "".join(f"{lab:>12}" for lab in cm["labels"])]
    for lab, row in zip(cm["labels"], cm["matrix"]):
        lines.append(f"{lab:<12}" + "".join(f"{v:>12}" for v in row))
    if "by" in metrics:
        lines += ["", f"by {metrics['by']['field']}:", f"  {'value':<16}{'n':>6}{'macro-F1':>10}{'accuracy':>10}"]
        for value, m in metrics["by"]["groups"].items():
            lines.append(f"  {value:<16}{m['n']:>6}{m['macro_f1'] * 100:>10.1f}{m['accuracy'] * 100:>10.1f}")
    if "by_article" in metrics:
        ba = metrics["by_article"]
        lines += ["", f"articles: {ba['articles']}, mean per-article accuracy "
                      f"{ba['mean_article_accuracy'] * 100:.1f}"]
    return "\n".join(lines)
