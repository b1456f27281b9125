"""``stance train``, ``evaluate``, ``split`` and ``export``: building and judging models."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..data import load_rows, write_rows
from ..labels import LABELS
from .common import CLIError, add_backend, load_model


# -- train -----------------------------------------------------------------------------------
def cmd_train(args) -> int:
    from transformers import set_seed

    from ..config import load_config
    from ..training import train

    overrides = list(args.set or [])
    for flag in ("overwrite", "resume", "skip_bad_rows", "keep_checkpoints"):
        if getattr(args, flag):
            overrides.append(f"{flag}=true")
    cfg = load_config(args.config, overrides)
    set_seed(cfg.seed)
    path = train(cfg)
    print(f"saved {path}")
    return 0


# -- evaluate --------------------------------------------------------------------------------
def cmd_evaluate(args) -> int:
    from ..evaluation import evaluate, format_report

    rows = load_rows(args.data)
    if args.only:
        rows = _only(rows, args.only, args.data)
    if args.heldout_from:
        seen = {r.article_id for r in load_rows(args.heldout_from) if r.article_id}
        rows = [r for r in rows if r.article_id and r.article_id not in seen]
        if not rows:
            raise CLIError(f"{args.data}: no row's article is absent from {args.heldout_from}")
    model = load_model(args.model, args.precision, args.backend, args.device)
    metrics, y_pred, probs = evaluate(model, rows, batch_size=args.batch_size, by_article=args.by_article, by=args.by)
    metrics = {"model": str(args.model or "default"), "backend": model.runtime, "data": args.data,
               **({"only": args.only} if args.only else {}),
               **({"heldout_from": args.heldout_from} if args.heldout_from else {}), **metrics}
    if args.output_dir:
        _write_report(Path(args.output_dir), metrics, rows, y_pred, probs)
    if args.json:
        print(json.dumps(metrics, ensure_ascii=False))
    else:
        print(f"model: {metrics['model']} ({metrics['backend']})\ndata:  {args.data}"
              + (f" (articles absent from {args.heldout_from})" if args.heldout_from else ""))
        print(format_report(metrics))
    return 0


def _only(rows, spec: str, data: str):
    """The rows whose COLUMN is one of the listed values (``--only type=state,organisation``)."""
    column, sep, values = spec.partition("=")
    wanted = {v.strip() for v in values.split(",") if v.strip()}
    if not sep or not column.strip() or not wanted:
        raise CLIError(f"--only must be COLUMN=VALUE[,VALUE...], got {spec!r}")
    missing = [r for r in rows if column not in r.record]
    if missing:
        raise CLIError(f"{missing[0].source}:{missing[0].line}: --only {column}: the row has no {column!r} column")
    kept = [r for r in rows if str(r.record[column]) in wanted]
    if not kept:
        raise CLIError(f"{data}: no row has {column} in {sorted(wanted)}")
    return kept


def _write_report(out: Path, metrics: dict, rows, y_pred, probs) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CLIError(f"{out}: cannot create the folder ({err.strerror})") from None
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_rows([{"source": r.source, "line": r.line, "text": r.text, "actor": r.actor, "start": r.start,
                 "end": r.end, "article_id": r.article_id, "label": r.label, "predicted": pred,
                 "scores": dict(zip(LABELS, p))} for r, pred, p in zip(rows, y_pred, probs)],
               out / "predictions.jsonl")
    try:
        import matplotlib
    except ImportError:
        print("note: no plots written (pip install stance[plot] for the confusion matrix and reliability diagram)",
              file=sys.stderr)
        return
    matplotlib.use("Agg")
    from sklearn.metrics import ConfusionMatrixDisplay

    from ..calibration import plot_reliability

    disp = ConfusionMatrixDisplay.from_predictions([r.label for r in rows], y_pred, labels=list(LABELS))
    disp.ax_.set_title(f"{Path(metrics['data']).as_posix()}  macro-F1 {metrics['macro_f1'] * 100:.1f}")
    disp.figure_.savefig(out / "confusion_matrix.png", dpi=120, bbox_inches="tight")
    plot_reliability({"ece": metrics["ece"], "bins": metrics["reliability"]},
                     f"{Path(metrics['data']).name} ({metrics['backend']})", out / "reliability.png")


def cmd_calibrate(args) -> int:
    """Fit the temperature on dev rows and write it into the model folder's settings."""
    from ..calibration import expected_calibration_error, fit_temperature, softmax
    from ..files import atomic_write

    folder = Path(args.model)
    rows = [r for path in args.data for r in load_rows(path)]
    model = load_model(str(folder), args.precision, args.backend, args.device)
    logits = model.predict_logits([(r.text, r.start, r.end) for r in rows], batch_size=args.batch_size)
    labels = [r.label for r in rows]
    temperature = fit_temperature(logits, labels)
    before = expected_calibration_error(softmax(logits, 1.0), labels)
    after = expected_calibration_error(softmax(logits, temperature), labels)
    config_file = folder / "config.json"
    config = json.loads(config_file.read_text(encoding="utf-8"))
    config["stance"]["temperature"] = round(temperature, 6)
    config["stance"]["calibration"] = {"data": list(args.data), "rows": len(rows), "backend": model.runtime,
                                       "ece_before": round(before, 6), "ece_after": round(after, 6)}
    with atomic_write(config_file) as f:
        f.write(json.dumps(config, indent=2, ensure_ascii=False) + "\n")
    print(f"temperature {temperature:.4f} on {len(rows)} rows of {', '.join(args.data)} ({model.runtime}): "
          f"ECE {before:.3f} -> {after:.3f}; written to {config_file}")
    return 0


# -- split -----------------------------------------------------------------------------------
def cmd_split(args) -> int:
    from ..split import split_rows

    rows = load_rows(args.input)
    train, dev = split_rows(rows, args.dev_fraction, args.seed)
    for path, part in ((args.train_out, train), (args.dev_out, dev)):
        write_rows([r.record for r in part], path)
    unit = "articles" if any(r.article_id for r in rows) else "sentences"
    print(f"{len(train)} rows -> {args.train_out}, {len(dev)} rows -> {args.dev_out} (split by {unit})")
    return 0


# -- export ----------------------------------------------------------------------------------
def cmd_export(args) -> int:
    from ..export import export_onnx, half_weights

    if not (args.onnx or args.fp16):
        raise CLIError("choose what to write: --onnx and/or --fp16")
    if args.fp16:
        print(f"wrote {half_weights(args.model_dir)} (float16)")
    if args.onnx:
        print(f"wrote {export_onnx(args.model_dir, int8=args.int8)}")
    return 0


def add_parsers(sub) -> None:
    tr = sub.add_parser("train", help="fine-tune a model from a YAML config")
    tr.add_argument("--config", required=True)
    tr.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a config key (repeatable)")
    tr.add_argument("--overwrite", action="store_true", help="replace an existing output folder")
    tr.add_argument("--resume", action="store_true", help="continue from the last checkpoint")
    tr.add_argument("--skip-bad-rows", action="store_true", help="skip (and list) unusable rows instead of refusing")
    tr.add_argument("--keep-checkpoints", action="store_true",
                    help="keep the Trainer checkpoints after a successful run (deleted by default)")
    tr.set_defaults(func=cmd_train)

    ev = sub.add_parser("evaluate", help="metrics of a model on labelled rows")
    ev.add_argument("--model", help="model folder (default: the shipped model)")
    ev.add_argument("--data", required=True)
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.add_argument("--output-dir", help="write metrics.json, predictions.jsonl, confusion_matrix.png, reliability.png")
    ev.add_argument("--by-article", action="store_true", help="add per-article figures")
    ev.add_argument("--by", metavar="COLUMN", help="also report metrics per value of this input column (e.g. type)")
    ev.add_argument("--only", metavar="COLUMN=VALUE,...",
                    help="evaluate only the rows whose column has one of these values (e.g. type=state,organisation,group)")
    ev.add_argument("--heldout-from", metavar="TRAIN_FILE",
                    help="keep only rows whose article does not occur in TRAIN_FILE")
    ev.add_argument("--precision", choices=["auto", "fp32", "bf16"], default="auto")
    ev.add_argument("--batch-size", type=int, default=32)
    add_backend(ev)
    ev.set_defaults(func=cmd_evaluate)

    sp = sub.add_parser("split", help="train/dev split that keeps whole articles together")
    sp.add_argument("--input", required=True)
    sp.add_argument("--train-out", required=True)
    sp.add_argument("--dev-out", required=True)
    sp.add_argument("--dev-fraction", type=float, default=0.1)
    sp.add_argument("--seed", type=int, default=42)
    sp.set_defaults(func=cmd_split)

    ca = sub.add_parser("calibrate", help="fit a temperature on dev rows so that the scores are calibrated")
    ca.add_argument("--model", required=True, help="model folder (its config.json gets the temperature)")
    ca.add_argument("--data", required=True, action="append", help="labelled dev rows (repeatable); never test")
    ca.add_argument("--precision", choices=["auto", "fp32", "bf16"], default="auto")
    ca.add_argument("--batch-size", type=int, default=64)
    add_backend(ca)
    ca.set_defaults(func=cmd_calibrate)

    ex = sub.add_parser("export", help="write an ONNX copy of a model folder (into DIR/onnx/)")
    ex.add_argument("model_dir")
    ex.add_argument("--onnx", action="store_true", help="ONNX for ONNX Runtime")
    ex.add_argument("--int8", action="store_true", help="also a dynamically quantised int8 copy")
    ex.add_argument("--fp16", action="store_true",
                    help="store the folder's weights as float16 (half the size; loaded back as float32)")
    ex.set_defaults(func=cmd_export)
