"""Weight interpolation of two stance models of one architecture (WiSE-FT: Wortsman et al.,
"Robust fine-tuning of zero-shot models", 2022): (1 - w) x FIRST + w x SECOND. Fine-tuning a
model on new rows and then moving only part of the way toward the fine-tuned weights keeps
more of what the first model knew. ``stance train`` does it with ``interpolate: W`` in a config;
``training/interpolate_weights.py`` does it for two saved folders.
"""

from __future__ import annotations

from pathlib import Path


def mixed_state(first: dict, second: dict, weight: float, names: tuple[str, str] = ("first", "second")) -> dict:
    """(1 - weight) x first + weight x second for every floating-point tensor of two state dicts
    (other tensors, such as position ids, come from second); ValueError if they differ in shape."""
    if not 0 <= weight <= 1:
        raise ValueError(f"the interpolation weight must be between 0 and 1, got {weight}")
    if first.keys() != second.keys() or any(first[k].shape != second[k].shape for k in first):
        raise ValueError(f"{names[0]} and {names[1]} do not have the same parameters")
    return {k: (1 - weight) * first[k] + weight * second[k] if second[k].is_floating_point() else second[k]
            for k in second}


def interpolate(first: str, second: str, weight: float, output: str, overwrite: bool = False) -> Path:
    """Write the interpolated model folder, with SECOND's tokenizer, input format and training
    record (plus an "interpolated" entry); ValueError if the models do not match."""
    from .model import StanceModel

    a = StanceModel.load(first, precision="fp32", backend="torch")
    b = StanceModel.load(second, precision="fp32", backend="torch")
    if a.settings.format != b.settings.format:
        raise ValueError(f"{first} and {second} encode their inputs differently "
                         f"({a.settings.format} vs {b.settings.format})")
    b.model.load_state_dict(mixed_state(a.model.state_dict(), b.model.state_dict(), weight, (first, second)))
    b.settings.training = {**b.settings.training,
                           "interpolated": {"first": first, "second": second, "weight_of_second": weight}}
    b.settings.metrics = {}
    return b.save(output, overwrite=overwrite)
