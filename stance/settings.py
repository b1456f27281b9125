"""The library's settings stored under the ``stance`` key of a model's config.json."""

from __future__ import annotations

from dataclasses import dataclass, field

from .encoding import InputFormat
from .labels import LABELS

CONFIG_KEY = "stance"


@dataclass
class ModelSettings:
    """What a model needs to be used as it was trained, plus where it came from.

    temperature: the logits are divided by it before the softmax (1.0: uncalibrated); fitted
    on dev rows by ``stance calibrate`` (stance.calibration) so that a score of 0.8 is right
    about 80% of the time."""

    format: InputFormat = field(default_factory=InputFormat)
    labels: tuple[str, ...] = LABELS
    version: str = ""
    training: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    temperature: float = 1.0
    calibration: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"format": self.format.to_dict(), "labels": list(self.labels), "version": self.version,
                "training": self.training, "metrics": self.metrics, "temperature": self.temperature,
                "calibration": self.calibration}

    @classmethod
    def from_dict(cls, data: dict) -> "ModelSettings":
        return cls(format=InputFormat.from_dict(data.get("format", {})),
                   labels=tuple(data.get("labels", LABELS)), version=data.get("version", ""),
                   training=dict(data.get("training", {})), metrics=dict(data.get("metrics", {})),
                   temperature=_temperature(data.get("temperature", 1.0)),
                   calibration=dict(data.get("calibration", {})))


def _temperature(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValueError(f"temperature must be a positive number, got {value!r}")
    return float(value)
