"""Fine-tuning with the transformers Trainer: from a base encoder or from a stance model."""

from __future__ import annotations

import dataclasses

import logging
import shutil
import warnings
from pathlib import Path

from .augment import context_neutral_rows, substitute_actors
from .config import TrainConfig
from .data import DataError, Row, load_rows
from .encoding import Encoder, InputFormat
from .labels import LABELS
from .interpolation import mixed_state
from .model import StanceModel, bf16_supported, classifier_class, marker_logits, pad_batch
from .settings import CONFIG_KEY, ModelSettings
from .split import split_rows

logger = logging.getLogger(__name__)
MIN_DEV_ROWS = 200


def is_stance_model(path: str) -> bool:
    """True for a local folder whose config.json carries this library's settings."""
    import json

    config = Path(path) / "config.json"
    if not config.is_file():
        return False
    try:
        return CONFIG_KEY in json.loads(config.read_text(encoding="utf-8"))
    except ValueError:
        return False


def load_start_point(cfg: TrainConfig):
    """(model, tokenizer, input format) to fine-tune from, as the config asks."""
    from transformers import AutoTokenizer

    if is_stance_model(cfg.base_model):
        base = StanceModel.load(cfg.base_model, precision="fp32", backend="torch")
        fmt = base.settings.format
        wanted = (cfg.markers, cfg.pair, cfg.max_length, cfg.mention_placeholder, cfg.pooling)
        if wanted != (fmt.markers, fmt.pair, fmt.max_length, fmt.mention_placeholder, fmt.pooling):
            warnings.warn(f"{cfg.base_model} was trained with markers={fmt.markers}, pair={fmt.pair}, "
                          f"max_length={fmt.max_length}, mention_placeholder={fmt.mention_placeholder!r}, "
                          f"pooling={fmt.pooling!r}; continuing with its format, not the config's",
                          stacklevel=2)
        if cfg.source_markers and not fmt.relation:  # a stance model as the start of a relation model
            opening, closing = cfg.source_marker_pair
            fmt = dataclasses.replace(fmt, source_open=opening, source_close=closing)
        return base.model.train(), base.tokenizer, fmt
    fmt = InputFormat(markers=cfg.markers, pair=cfg.pair, max_length=cfg.max_length,
                      mention_placeholder=cfg.mention_placeholder, pooling=cfg.pooling,
                      source_open=cfg.source_marker_pair[0], source_close=cfg.source_marker_pair[1])
    tokenizer = AutoTokenizer.from_pretrained(cfg.base_model)
    if fmt.pooling == "marker" and not tokenizer.is_fast:
        raise ValueError(f"pooling 'marker' needs a fast tokenizer; {cfg.base_model} has none")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = classifier_class(fmt).from_pretrained(
            cfg.base_model, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)),
            label2id={label: i for i, label in enumerate(LABELS)}, dtype="float32")
    return model, tokenizer, fmt


def teacher_scores(row: Row) -> list[float]:
    """The row's "teacher_scores" ({label: probability}) in LABELS order; ValueError if unusable.
    A row without teacher_scores (a hand-labelled row) gets its gold label as a one-hot target."""
    if "teacher_scores" not in row.record:
        return [float(label == row.label) for label in LABELS]
    raw = row.record.get("teacher_scores")
    if not isinstance(raw, dict) or set(raw) != set(LABELS):
        raise ValueError(f"teacher_scores must map {', '.join(LABELS)} to probabilities, got {raw!r}")
    probs = [raw[label] for label in LABELS]
    if not all(isinstance(x, (int, float)) and 0 <= x <= 1 for x in probs) or abs(sum(probs) - 1) > 1e-3:
        raise ValueError(f"teacher_scores must be probabilities that sum to 1, got {raw!r}")
    return [float(x) for x in probs]


def encode_rows(encoder: Encoder, rows: list[Row], with_teacher: bool = False):
    """A datasets.Dataset of encoded rows with integer labels (and the teacher's probabilities)."""
    from datasets import Dataset

    encoded, teacher, problems = [], [], []
    for r in rows:
        try:
            if encoder.fmt.relation and not r.source_span:
                raise ValueError("a relation model's rows name a source: give source_start and source_end")
            encoded.append(encoder.encode_relation(r.text, r.start, r.end, *r.source_span) if r.source_span
                           else encoder.encode(r.text, r.start, r.end))
            if with_teacher:
                teacher.append(teacher_scores(r))
        except ValueError as err:
            problems.append(f"{r.source}:{r.line}: {err}")
    if problems:
        raise DataError(problems)
    columns = {key: [e[key] for e in encoded] for key in encoded[0]}
    columns["labels"] = [LABELS.index(r.label) for r in rows]
    columns["length"] = [len(e["input_ids"]) for e in encoded]
    if with_teacher:
        columns["teacher"] = teacher
    return Dataset.from_dict(columns)


class _Collator:
    """Pads a batch per batch (not to max_length)."""

    def __init__(self, pad_id: int):
        self.pad_id = pad_id

    def __call__(self, features):
        import torch

        batch = pad_batch(features, self.pad_id)
        batch["labels"] = torch.tensor([f["labels"] for f in features], dtype=torch.long)
        if "teacher" in features[0]:
            batch["teacher"] = torch.tensor([f["teacher"] for f in features], dtype=torch.float)
        return batch


def class_weights(rows: list[Row]) -> list[float]:
    """scikit-learn's "balanced" weight of each label (LABELS order) over the rows:
    rows / (labels x the label's rows); ValueError when a label has no rows."""
    import numpy as np
    from sklearn.utils.class_weight import compute_class_weight

    missing = sorted(set(LABELS) - {r.label for r in rows})
    if missing:
        raise ValueError(f"class_weights needs training rows of every label; none are {', '.join(missing)}")
    y = np.array([r.label for r in rows])
    return [float(w) for w in compute_class_weight("balanced", classes=np.array(LABELS), y=y)]


def stance_loss(logits, labels, teacher=None, *, distill_weight: float = 0.0, temperature: float = 1.0,
                label_smoothing: float = 0.0, label_weights: list[float] | None = None):
    """The training loss: the gold label's cross-entropy (label-smoothed, weighted per label),
    mixed with KL divergence to the teacher's probabilities when there are any:
    (1 - distill_weight) * CE + distill_weight * T^2 * KL(teacher_T || student_T)."""
    import torch
    import torch.nn.functional as F

    logits = logits.float()
    per_label = None if label_weights is None else torch.tensor(label_weights, device=logits.device)
    loss = F.cross_entropy(logits, labels, weight=per_label, label_smoothing=label_smoothing)
    if teacher is not None and distill_weight > 0:
        t = temperature
        soft = F.softmax(teacher.clamp_min(1e-8).log() / t, dim=-1)
        kl = F.kl_div(F.log_softmax(logits / t, dim=-1), soft, reduction="batchmean") * t * t
        loss = (1 - distill_weight) * loss + distill_weight * kl
    return loss


def _stance_trainer(distill_weight: float, temperature: float, label_weights: list[float] | None):
    """A Trainer whose loss is ``stance_loss`` (on the marker's logits with marker pooling)."""
    from transformers import Trainer

    class StanceTrainer(Trainer):
        def compute_loss(self, model, inputs, return_outputs=False, **kwargs):
            teacher = inputs.pop("teacher", None)
            labels = inputs.pop("labels")
            marker_index = inputs.pop("marker_index", None)
            outputs = model(**inputs)
            if marker_index is not None:  # marker pooling: the token logits at each row's marker
                outputs["logits"] = marker_logits(outputs.logits, marker_index)
            loss = stance_loss(outputs.logits, labels, teacher, distill_weight=distill_weight,
                               temperature=temperature, label_smoothing=self.args.label_smoothing_factor,
                               label_weights=label_weights)
            return (loss, outputs) if return_outputs else loss

    return StanceTrainer


def _compute_metrics(eval_pred) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    logits, labels = eval_pred
    preds = logits.argmax(-1)
    return {"macro_f1": f1_score(labels, preds, average="macro", labels=list(range(len(LABELS))), zero_division=0),
            "accuracy": accuracy_score(labels, preds)}


def prepare_data(cfg: TrainConfig) -> tuple[list[Row], list[Row], str]:
    """Training and dev rows, and where dev came from."""
    def rows_of(paths: list[str]) -> list[Row]:
        return [row for path in paths for row in load_rows(path, skip_bad_rows=cfg.skip_bad_rows)]

    train_rows = rows_of(cfg.train_files)
    if cfg.replay_file:
        train_rows += replay_sample(load_rows(cfg.replay_file, skip_bad_rows=cfg.skip_bad_rows), cfg.replay_rows,
                                    cfg.seed, cfg.replay_file)
    if cfg.dev_files:
        return train_rows, rows_of(cfg.dev_files), " + ".join(cfg.dev_files)
    train_rows, dev_rows = split_rows(train_rows, cfg.dev_fraction, cfg.seed)
    unit = "articles" if any(r.article_id for r in dev_rows) else "sentences"
    return train_rows, dev_rows, f"{cfg.dev_fraction:.0%} of {', '.join(cfg.train_files)} held out by {unit}"


def replay_sample(rows: list[Row], n: int, seed: int, source: str) -> list[Row]:
    """n rows drawn without replacement (seeded) from a replay file's rows."""
    import random

    if n > len(rows):
        raise ValueError(f"config: replay_rows is {n}, but {source} has only {len(rows)} rows")
    return random.Random(seed).sample(rows, n)


def freeze_bottom(model, layers: int) -> int:
    """Keep the embeddings and the first ``layers`` encoder layers fixed; returns how many
    parameters still train. ValueError when the model has fewer layers."""
    base = getattr(model, model.base_model_prefix)
    blocks = base.encoder.layer
    if layers > len(blocks):
        raise ValueError(f"config: freeze_layers is {layers}, but the model has {len(blocks)} layers")
    for module in [base.embeddings, *blocks[:layers]]:
        for p in module.parameters():
            p.requires_grad_(False)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def selection_summary(log_history: list[dict], best_checkpoint: str | None) -> dict:
    """Which checkpoint was kept and why: dev macro-F1 at every evaluation, and the best."""
    evals = [{"epoch": round(h["epoch"], 2), "step": h["step"], "macro_f1": round(h["eval_macro_f1"], 4)}
             for h in log_history if "eval_macro_f1" in h]
    step = int(best_checkpoint.rpartition("-")[2]) if best_checkpoint else None
    kept = next((e for e in evals if e["step"] == step), None)
    return {"evaluations": evals, "kept": kept}


def last_complete_checkpoint(folder: Path) -> Path | None:
    """The newest checkpoint whose state was fully written (a killed run may leave a partial one)."""
    found = []
    for ckpt in folder.glob("checkpoint-*"):
        step = ckpt.name.rpartition("-")[2]
        needed = ("trainer_state.json", "model.safetensors", "optimizer.pt", "scheduler.pt")
        if step.isdigit() and all((ckpt / name).is_file() for name in needed):
            found.append((int(step), ckpt))
    return max(found)[1] if found else None


def train(cfg: TrainConfig) -> Path:
    """Fine-tune as the config says, keep the checkpoint best on dev macro-F1, save it atomically."""
    import torch
    from transformers import Trainer, TrainingArguments

    cfg.validate()
    if cfg.interpolate < 1 and not is_stance_model(cfg.base_model):
        raise ValueError(f"config: interpolate {cfg.interpolate} needs a stance model folder as base_model "
                         f"(the weights to move from); {cfg.base_model} is not one")
    output = Path(cfg.output_dir)
    if output.exists() and not cfg.overwrite:
        raise FileExistsError(f"{output} exists; set overwrite: true (--overwrite) to replace it")
    train_rows, dev_rows, dev_source = prepare_data(cfg)
    added = substitute_actors(train_rows, cfg.actor_substitution, cfg.seed) if cfg.actor_substitution else []
    if added:
        logger.info("actor substitution: %d extra training rows", len(added))
    neutral = context_neutral_rows(train_rows) if cfg.context_neutral else []
    if neutral:
        logger.info("context-neutral actors: %d extra training rows", len(neutral))
    train_rows = train_rows + added + neutral
    label_weights = class_weights(train_rows) if cfg.class_weights else None
    if label_weights:
        logger.info("class weights: %s", ", ".join(f"{lab} {w:.3f}" for lab, w in zip(LABELS, label_weights)))
    with torch.random.fork_rng():  # the new head's initial weights follow the seed; global RNG untouched
        torch.manual_seed(cfg.seed)
        model, tokenizer, fmt = load_start_point(cfg)
    if cfg.freeze_layers:
        logger.info("freeze_layers %d: %d parameters train", cfg.freeze_layers, freeze_bottom(model, cfg.freeze_layers))
    if len(dev_rows) < MIN_DEV_ROWS and cfg.keep == "best":
        warnings.warn(f"dev has only {len(dev_rows)} rows ({dev_source}): the checkpoint picked on it is chosen "
                      f"largely by noise; give a dev_file of at least {MIN_DEV_ROWS} rows", stacklevel=2)
    encoder = Encoder(tokenizer, fmt)
    distill = cfg.distill_weight > 0
    train_ds, dev_ds = encode_rows(encoder, train_rows, with_teacher=distill), encode_rows(encoder, dev_rows)
    if torch.cuda.is_available():  # auto: bf16 mixed precision on GPUs that have it (Ampere and later)
        use_bf16 = torch.cuda.is_bf16_supported() and cfg.bf16 in ("auto", True)
    else:
        use_bf16 = bf16_supported() if cfg.bf16 == "auto" else bool(cfg.bf16)
    logger.info("training on %d rows, selecting on %d dev rows (%s); bf16=%s",
                len(train_rows), len(dev_rows), dev_source, use_bf16)
    checkpoints = cfg.checkpoints
    if checkpoints.exists() and not cfg.resume:
        shutil.rmtree(checkpoints)
    custom_loss = distill or label_weights is not None or fmt.pooling == "marker"
    strategy = "steps" if cfg.eval_steps else "epoch"
    args = TrainingArguments(
        output_dir=str(checkpoints), seed=cfg.seed, num_train_epochs=cfg.epochs,
        learning_rate=cfg.learning_rate, per_device_train_batch_size=cfg.batch_size,
        per_device_eval_batch_size=cfg.eval_batch_size, weight_decay=cfg.weight_decay,
        warmup_steps=cfg.warmup_ratio, label_smoothing_factor=cfg.label_smoothing,
        eval_strategy=strategy, save_strategy=strategy, eval_steps=cfg.eval_steps, save_steps=cfg.eval_steps,
        load_best_model_at_end=cfg.keep == "best", metric_for_best_model="macro_f1", greater_is_better=True,
        save_total_limit=2, logging_steps=50, bf16=use_bf16, use_cpu=not torch.cuda.is_available(),
        report_to="none", disable_tqdm=False, dataloader_num_workers=0, remove_unused_columns=not custom_loss,
        train_sampling_strategy="group_by_length" if cfg.group_by_length else "random")
    trainer_class = (_stance_trainer(cfg.distill_weight, cfg.distill_temperature, label_weights)
                     if custom_loss else Trainer)
    trainer = trainer_class(model=model, args=args, train_dataset=train_ds, eval_dataset=dev_ds,
                      processing_class=tokenizer, data_collator=_Collator(tokenizer.pad_token_id or 0),
                      compute_metrics=_compute_metrics)
    resume = last_complete_checkpoint(checkpoints) if cfg.resume else None
    if cfg.resume:
        logger.info("resuming from %s", resume or "the start (no complete checkpoint yet)")
    train_output = trainer.train(resume_from_checkpoint=str(resume) if resume else None)
    dev_metrics = trainer.evaluate()
    selection = selection_summary(trainer.state.log_history,
                                  trainer.state.best_model_checkpoint if cfg.keep == "best" else None)
    if cfg.keep == "last":
        selection["kept"] = {"epoch": cfg.epochs, "step": trainer.state.global_step, "why": "keep: last"}
        logger.info("kept the last weights (keep: last), not the best of the dev evaluations")
    elif selection["kept"]:
        logger.info("kept the checkpoint of epoch %s (step %s): the best dev macro-F1, %.4f, of %s",
                    selection["kept"]["epoch"], selection["kept"]["step"], selection["kept"]["macro_f1"],
                    ", ".join(f"epoch {e['epoch']}: {e['macro_f1']:.4f}" for e in selection["evaluations"]))
    for p in trainer.model.parameters():
        p.requires_grad_(True)
    model = trainer.model.to("cpu").float()
    if cfg.interpolate < 1:
        start = StanceModel.load(cfg.base_model, precision="fp32", backend="torch").model
        model.load_state_dict(mixed_state(start.state_dict(), model.state_dict(), cfg.interpolate,
                                          (cfg.base_model, "the trained model")))
        selection["interpolated"] = {"start": cfg.base_model, "weight_of_trained": cfg.interpolate,
                                     "dev_macro_f1_before": dev_metrics.get("eval_macro_f1")}
        dev_metrics = trainer.evaluate()  # the saved weights' dev figures
        logger.info("saved weights: %.2f x %s + %.2f x the trained weights (interpolate: %s)",
                    1 - cfg.interpolate, cfg.base_model, cfg.interpolate, cfg.interpolate)
    settings = ModelSettings(format=fmt, training={
        "config": cfg.to_dict(), "train_rows": len(train_rows), "substituted_rows": len(added),
        "context_neutral_rows": len(neutral), "dev_rows": len(dev_rows), "dev_source": dev_source,
        "class_weights": dict(zip(LABELS, label_weights)) if label_weights else None,
        "best_checkpoint": trainer.state.best_model_checkpoint, "selection": selection, "bf16": use_bf16,
        "train_seconds": round(train_output.metrics.get("train_runtime", 0.0), 1),
        "dev": {"macro_f1": dev_metrics.get("eval_macro_f1"), "accuracy": dev_metrics.get("eval_accuracy")}})
    path = StanceModel(model, tokenizer, settings, precision="fp32").save(output, overwrite=cfg.overwrite)
    logger.info("saved %s (dev macro-F1 %.4f)", path, dev_metrics.get("eval_macro_f1", float("nan")))
    if not cfg.keep_checkpoints:
        shutil.rmtree(checkpoints, ignore_errors=True)
        logger.info("deleted the checkpoints in %s (keep_checkpoints: true keeps them)", checkpoints)
    if cfg.export_onnx:
        export_int8(path)
    return path


def export_int8(path: Path) -> None:
    """The int8 ONNX copy beside a saved model, when onnx and onnxruntime are installed;
    otherwise a warning that the model will run on torch."""
    from importlib.util import find_spec

    if find_spec("onnx") is None or find_spec("onnxruntime") is None:
        warnings.warn(f"{path}: no ONNX copy written (pip install stance[onnx]); the model runs on the torch "
                      "backend, while the shipped default runs on int8 ONNX", stacklevel=2)
        return
    from .export import FP32_FILE, ONNX_DIR, export_onnx

    logger.info("wrote %s", export_onnx(path, int8=True))
    (path / ONNX_DIR / FP32_FILE).unlink(missing_ok=True)  # the int8 copy is the one used; as the shipped folder
