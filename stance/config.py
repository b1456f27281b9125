"""Training configuration: one dataclass, read from YAML and ``--set key=value`` overrides."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .encoding import POOLINGS


@dataclass
class TrainConfig:
    """Every key of a configs/*.yaml file. Paths are relative to the working directory.

    train_file: a labelled file, or a list of files whose rows are used together.
    base_model: a Hub id or local folder of a base encoder, or a stance model folder
    (continued fine-tuning: its input format is kept). dev_file: a file, or a list of files
    whose rows together pick the best checkpoint (macro-F1 on all of them); when empty,
    dev_fraction of the training rows is held out, whole articles at a time where rows carry
    article_id.
    bf16: "auto" uses bfloat16 autocast where the CPU supports it. actor_substitution: add
    this fraction of the training rows again with the (person) mention replaced by a state,
    capital, organisation or group (stance.augment); dev rows are never changed.
    context_neutral: add neutral rows for states and organisations that the training sentences
    name only as a person's attribute or as a place (stance.augment.context_neutral_rows).
    distill_weight: weight of the teacher's soft labels (rows' "teacher_scores", written by
    training/teacher_labels.py) in the loss, 0 to 1; the gold label has the rest. Rows without
    teacher_scores (hand-labelled rows mixed in) learn from their gold label alone.
    distill_temperature: softens teacher and student distributions in that term.
    mention_placeholder: when set (e.g. "[MASK]"), every mention is replaced by this text in
    training and, through the saved input format, at prediction (placeholder masking).
    group_by_length: batches of rows of similar length (less padding, faster on CPU).
    pooling: "cls" (a sequence classifier on the first token) or "marker" (target-dependent:
    classify the encoder's output at the mention's opening marker; needs markers).
    class_weights: weight each label's cross-entropy by rows / (labels x its rows) over the
    training rows (scikit-learn's "balanced" weights), so the rarer labels count as much in the
    loss as they do in macro-F1; the teacher term is not weighted.
    keep_checkpoints: keep the Trainer checkpoints after a successful run (by default they are
    deleted once the model folder is saved). export_onnx: also write the int8 ONNX copy that
    the shipped model runs on (``stance export --onnx --int8``), so a trained model is used
    and evaluated on the same backend as the default.
    freeze_layers: keep the embeddings and the first N encoder layers fixed (domain adaptation
    on few rows moves only the top of the model).
    keep: "best" (the checkpoint with the best dev macro-F1) or "last" (the final weights; for
    a dev set too small to choose on, as when adapting on a few hundred rows).
    source_markers: for a relation model (``stance.load_relations``), the opening and closing
    marker of the source mention, separated by a space ("[[ ]]", quoted in YAML) or as a list
    (["[[", "]]"]); training rows then name
    a source (source_start/source_end). Empty: a plain stance model.
    replay_file, replay_rows: add replay_rows rows drawn at random (seeded) from replay_file to
    the training rows, e.g. NewsMTSC rows while adapting to a new domain, so it does not forget.
    interpolate: below 1, the saved weights move only this part of the way from the start model
    (a stance model folder as base_model) to the trained ones (WiSE-FT), which keeps more of what
    the start model knew; 1 saves the trained weights.
    """

    base_model: str = "sentence-transformers/all-MiniLM-L6-v2"
    train_file: Any = ""
    dev_file: Any = None
    output_dir: str = "models/my-model"
    checkpoint_dir: str | None = None
    seed: int = 42
    epochs: float = 3.0
    learning_rate: float = 1e-4
    batch_size: int = 32
    eval_batch_size: int = 64
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    label_smoothing: float = 0.0
    class_weights: bool = False
    max_length: int = 128
    markers: bool = True
    pair: bool = True
    mention_placeholder: str = ""
    pooling: str = "cls"
    source_markers: Any = ""
    dev_fraction: float = 0.1
    actor_substitution: float = 0.0
    context_neutral: bool = False
    distill_weight: float = 0.0
    distill_temperature: float = 1.0
    group_by_length: bool = False
    eval_steps: int | None = None
    bf16: Any = "auto"
    keep_checkpoints: bool = False
    keep: str = "best"
    export_onnx: bool = True
    freeze_layers: int = 0
    replay_file: str = ""
    replay_rows: int = 0
    interpolate: float = 1.0
    overwrite: bool = False
    skip_bad_rows: bool = False
    resume: bool = False
    description: str = ""

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def validate(self) -> "TrainConfig":
        if not self.train_file:
            raise ValueError("config: train_file is required")
        if self.dev_file in ("", []):
            self.dev_file = None
        for name in ("train_file", "dev_file"):
            if not all(isinstance(f, str) and f for f in _file_list(getattr(self, name))):
                raise ValueError(f"config: {name} must be a file name or a list of file names, "
                                 f"got {getattr(self, name)!r}")
        if self.bf16 not in ("auto", True, False):
            raise ValueError(f"config: bf16 must be auto, true or false, got {self.bf16!r}")
        if not 0 <= self.distill_weight <= 1:
            raise ValueError(f"config: distill_weight must be between 0 and 1, got {self.distill_weight!r}")
        if self.distill_temperature <= 0:
            raise ValueError(f"config: distill_temperature must be positive, got {self.distill_temperature!r}")
        if self.pooling not in POOLINGS:
            raise ValueError(f"config: pooling must be one of {', '.join(POOLINGS)}, got {self.pooling!r}")
        if self.pooling == "marker" and not self.markers:
            raise ValueError("config: pooling 'marker' reads the model's output at the mention's marker: it needs markers")
        if not 0 <= self.label_smoothing < 1:
            raise ValueError(f"config: label_smoothing must be at least 0 and below 1, got {self.label_smoothing!r}")
        if self.keep not in ("best", "last"):
            raise ValueError(f"config: keep must be best or last, got {self.keep!r}")
        if self.freeze_layers < 0 or self.replay_rows < 0:
            raise ValueError("config: freeze_layers and replay_rows must be 0 or more")
        if not 0 < self.interpolate <= 1:
            raise ValueError(f"config: interpolate must be above 0 and at most 1, got {self.interpolate!r}")
        if bool(self.replay_file) != bool(self.replay_rows):
            raise ValueError("config: give replay_file and replay_rows together")
        if isinstance(self.source_markers, (list, tuple)) and all(isinstance(m, str) for m in self.source_markers):
            self.source_markers = " ".join(self.source_markers)
        if self.source_markers and (not isinstance(self.source_markers, str) or len(self.source_markers.split()) != 2):
            raise ValueError(f"config: source_markers must be two markers separated by a space, e.g. '[[ ]]', "
                             f"got {self.source_markers!r}")
        for name in ("epochs", "learning_rate", "batch_size", "eval_batch_size"):
            if getattr(self, name) <= 0:
                raise ValueError(f"config: {name} must be positive, got {getattr(self, name)!r}")
        return self

    @property
    def source_marker_pair(self) -> tuple[str, str]:
        """(open, close) source markers, or ("", "") for a plain stance model."""
        parts = self.source_markers.split()
        return (parts[0], parts[1]) if len(parts) == 2 else ("", "")

    @property
    def train_files(self) -> list[str]:
        return _file_list(self.train_file)

    @property
    def dev_files(self) -> list[str]:
        return _file_list(self.dev_file)

    @property
    def checkpoints(self) -> Path:
        return Path(self.checkpoint_dir or f"{self.output_dir}.checkpoints")


def _file_list(value: Any) -> list:
    """A file key's value (one name, a list of names, or None) as a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _coerce(name: str, value: Any, kind: str) -> Any:
    if value is None:
        if "None" in kind or name in ("bf16", "dev_file", "replay_file"):  # empty: the default
            return {"bf16": "auto", "replay_file": ""}.get(name)
        raise ValueError(f"config: {name} must not be empty")
    try:
        if kind.startswith("bool"):
            if isinstance(value, bool):
                return value
            raise ValueError
        if kind.startswith("int"):
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            return int(value)
        if kind.startswith("float"):
            if isinstance(value, bool):
                raise ValueError
            return float(value)
        if kind.startswith("str"):
            return str(value)
    except (TypeError, ValueError):
        raise ValueError(f"config: {name} must be {kind.split(' ')[0]}, got {value!r}") from None
    return value


def load_config(path: str | Path | None = None, overrides: list[str] = ()) -> TrainConfig:
    """Read a YAML config and apply ``key=value`` overrides (values parsed as YAML)."""
    import yaml

    data: dict = {}
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such config file")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as err:
            raise ValueError(f"{path}: not valid YAML ({err})") from None
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping of config keys")
    for item in overrides:
        key, sep, raw = item.partition("=")
        if not sep:
            raise ValueError(f"--set expects key=value, got {item!r}")
        data[key.strip()] = yaml.safe_load(raw) if raw.strip() else None
    known = {f.name: f for f in fields(TrainConfig)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ValueError(f"unknown config keys: {', '.join(unknown)} (known: {', '.join(known)})")
    values = {k: _coerce(k, v, str(known[k].type)) for k, v in data.items()}
    return TrainConfig(**values).validate()
