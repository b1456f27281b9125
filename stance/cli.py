"""The ``stance`` command line: predict, analyze, train, evaluate, split, export."""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
import warnings
from pathlib import Path

from .data import DataError, iter_records, load_rows, parse_row, write_rows
from .files import OutputError, atomic_write
from .labels import LABELS
from .version import __version__


class CLIError(Exception):
    """An error reported as one line, exit code 2."""


def _model(path: str | None, precision: str = "auto", backend: str = "auto", device: str = "cpu"):
    from .api import load

    return load(path, precision=precision, backend=backend, device=device)


# -- predict ---------------------------------------------------------------------------------
def cmd_predict(args) -> int:
    if args.input:
        if not args.output:
            raise CLIError("--input needs --output")
        return _predict_file(args)
    if args.text is None or args.actor is None:
        raise CLIError("give --text and --actor, or --input and --output")
    span = None
    if args.span:
        try:
            a, b = args.span.split(":")
            span = (int(a), int(b))
        except ValueError:
            raise CLIError(f"--span must be START:END, got {args.span!r}") from None
    pred = _model(args.model, backend=args.backend, device=args.device).predict(args.text, args.actor, span=span)
    print(json.dumps(pred.to_dict(), ensure_ascii=False))
    return 0


def _chunks(path: str, size: int):
    chunk = []
    for line, record in iter_records(path):
        try:
            row = parse_row(record, path, line, require_label=False)
        except (TypeError, ValueError) as err:
            raise DataError([f"{path}:{line}: {err}"]) from None
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _predict_file(args) -> int:
    import time

    from tqdm import tqdm

    model = _model(args.model, backend=args.backend, device=args.device)
    start = time.perf_counter()
    out_path = Path(args.output)
    is_csv = out_path.suffix.lower() in (".csv", ".tsv")
    n = 0
    with atomic_write(out_path, newline="" if is_csv else None) as f, \
            tqdm(unit=" rows", desc="predict", disable=args.quiet, dynamic_ncols=True) as bar:
        writer = None
        for chunk in _chunks(args.input, max(args.batch_size * 16, 256)):
            probs = model.predict_proba([(r.text, r.start, r.end) for r in chunk], batch_size=args.batch_size)
            for row, p in zip(chunk, probs):
                best = max(range(len(LABELS)), key=p.__getitem__)
                if is_csv:
                    rec = dict(row.record)
                    rec.update({"label": LABELS[best], "score": round(p[best], 6)})
                    rec.update({f"p_{lab}": round(p[j], 6) for j, lab in enumerate(LABELS)})
                    if writer is None:
                        writer = csv.DictWriter(f, fieldnames=list(rec), extrasaction="ignore",
                                                delimiter="\t" if out_path.suffix.lower() == ".tsv" else ",")
                        writer.writeheader()
                    writer.writerow(rec)
                else:
                    rec = dict(row.record)
                    rec.update({"label": LABELS[best], "score": round(p[best], 6),
                                "scores": {lab: round(p[j], 6) for j, lab in enumerate(LABELS)}})
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += len(chunk)
            bar.update(len(chunk))
    seconds = time.perf_counter() - start
    print(f"wrote {n} predictions to {out_path} in {seconds:.0f} s ({n / max(seconds, 1e-9):.0f} rows/s, "
          f"{model.backend} backend)", file=sys.stderr)
    return 0


# -- train -----------------------------------------------------------------------------------
def cmd_train(args) -> int:
    from transformers import set_seed

    from .config import load_config
    from .training import train

    overrides = list(args.set or [])
    for flag in ("overwrite", "resume", "skip_bad_rows"):
        if getattr(args, flag):
            overrides.append(f"{flag}=true")
    cfg = load_config(args.config, overrides)
    set_seed(cfg.seed)
    path = train(cfg)
    print(f"saved {path}")
    return 0


# -- evaluate --------------------------------------------------------------------------------
def cmd_evaluate(args) -> int:
    from .evaluation import evaluate, format_report

    rows = load_rows(args.data)
    if args.heldout_from:
        seen = {r.article_id for r in load_rows(args.heldout_from) if r.article_id}
        rows = [r for r in rows if r.article_id and r.article_id not in seen]
        if not rows:
            raise CLIError(f"{args.data}:0: no row's article is absent from {args.heldout_from}")
    model = _model(args.model, args.precision, args.backend, args.device)
    metrics, y_pred, probs = evaluate(model, rows, batch_size=args.batch_size, by_article=args.by_article, by=args.by)
    metrics = {"model": str(args.model or "default"), "data": args.data,
               **({"heldout_from": args.heldout_from} if args.heldout_from else {}), **metrics}
    if args.output_dir:
        _write_report(Path(args.output_dir), metrics, rows, y_pred, probs)
    if args.json:
        print(json.dumps(metrics, ensure_ascii=False))
    else:
        print(f"model: {metrics['model']}\ndata:  {args.data}"
              + (f" (articles absent from {args.heldout_from})" if args.heldout_from else ""))
        print(format_report(metrics))
    return 0


def _write_report(out: Path, metrics: dict, rows, y_pred, probs) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CLIError(f"{out}:0: cannot create the folder ({err.strerror})") from None
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_rows([{"source": r.source, "line": r.line, "text": r.text, "actor": r.actor, "start": r.start,
                 "end": r.end, "article_id": r.article_id, "label": r.label, "predicted": pred,
                 "scores": dict(zip(LABELS, p))} for r, pred, p in zip(rows, y_pred, probs)],
               out / "predictions.jsonl")
    try:
        import matplotlib
    except ImportError:
        return
    matplotlib.use("Agg")
    from sklearn.metrics import ConfusionMatrixDisplay

    disp = ConfusionMatrixDisplay.from_predictions([r.label for r in rows], y_pred, labels=list(LABELS))
    disp.ax_.set_title(f"{Path(metrics['data']).as_posix()}  macro-F1 {metrics['macro_f1'] * 100:.1f}")
    disp.figure_.savefig(out / "confusion_matrix.png", dpi=120, bbox_inches="tight")


# -- analyze ---------------------------------------------------------------------------------
def _article_paths(paths: list[str]) -> list[Path]:
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            texts = sorted(path.rglob("*.txt"))
            if not texts:
                raise CLIError(f"{path}: no .txt files in this folder")
            found += texts
        elif path.is_file():
            found.append(path)
        else:
            raise CLIError(f"{path}:0: no such file or folder")
    return found


def _read_article(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise CLIError(f"{path}:0: not UTF-8 text ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise CLIError(f"{path}:0: cannot read ({err.strerror})") from None


def _actors_from_file(path: str) -> dict[str, list[str]]:
    """A YAML or JSON mapping of actor -> list of aliases (or a list of names)."""
    import yaml

    file = Path(path)
    if not file.is_file():
        raise CLIError(f"{file}:0: no such actors file")
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8-sig"))  # YAML reads JSON too
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise CLIError(f"{file}:{mark.line + 1 if mark else 0}: not valid YAML or JSON") from None
    if isinstance(data, list):
        data = {name: [] for name in data}
    if not isinstance(data, dict):
        raise CLIError(f"{file}:1: expected a mapping of actor -> list of aliases")
    out = {}
    for name, aliases in data.items():
        aliases = [] if aliases is None else [aliases] if isinstance(aliases, str) else aliases
        if not isinstance(name, str) or not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise CLIError(f"{file}: actor {name!r}: expected a name and a list of alias strings")
        out[name] = aliases
    return out


def cmd_analyze(args) -> int:
    from tqdm.auto import tqdm

    from .actors import ActorFinder, parse_actor_spec
    from .analyze import analyze

    actors: dict[str, list[str]] = {}
    if args.actors_file:
        actors.update(_actors_from_file(args.actors_file))
    for spec in args.actor or []:
        name, aliases = parse_actor_spec(spec)
        actors[name] = actors.get(name, []) + aliases
    if args.no_discover and not actors:
        raise CLIError("--no-discover needs --actor or --actors-file")
    paths = _article_paths(args.paths)
    finder = ActorFinder(actors or None, discover=not args.no_discover, backend=args.finder)
    model = _model(args.model, backend=args.backend, device=args.device)
    reports = []
    for path in tqdm(paths, desc="articles", unit="article", disable=args.quiet or len(paths) < 2, file=sys.stderr):
        reports.append(analyze(_read_article(path), model=model, finder=finder, article=str(path),
                               batch_size=args.batch_size))
    if args.format == "json":
        print(json.dumps({"articles": [r.to_dict() for r in reports]}, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        rows = [row for r in reports for row in r.rows()]
        fields = list(rows[0]) if rows else ["article", "actor"]
        writer = csv.DictWriter(sys.stdout, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    else:
        print("\n\n".join(r.table(evidence=args.evidence) for r in reports))
    return 0


# -- split -----------------------------------------------------------------------------------
def cmd_split(args) -> int:
    from .split import split_rows

    rows = load_rows(args.input)
    train, dev = split_rows(rows, args.dev_fraction, args.seed)
    for path, part in ((args.train_out, train), (args.dev_out, dev)):
        write_rows([r.record for r in part], path)
    unit = "articles" if any(r.article_id for r in rows) else "sentences"
    print(f"{len(train)} rows -> {args.train_out}, {len(dev)} rows -> {args.dev_out} (split by {unit})")
    return 0


# -- export ----------------------------------------------------------------------------------
def cmd_export(args) -> int:
    from .export import export_onnx

    if not args.onnx:
        raise CLIError("choose a format: --onnx")
    path = export_onnx(args.model_dir, int8=args.int8)
    print(f"wrote {path}")
    return 0


# -- main ------------------------------------------------------------------------------------
def _add_backend(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=["auto", "torch", "onnx"], default="auto",
                        help="auto: the model's ONNX copy when it has one and onnxruntime is installed, else torch")
    parser.add_argument("--device", default="cpu",
                        help="torch backend: cpu (default), cuda, or auto (a GPU when torch sees one)")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="stance", description="Stance of news sentences toward actors.")
    p.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    pr = sub.add_parser("predict", help="classify one (text, actor) or a JSONL/CSV file")
    pr.add_argument("--text")
    pr.add_argument("--actor")
    pr.add_argument("--span", help="START:END character offsets of the mention")
    pr.add_argument("--input", help="JSONL or CSV with text and actor (optionally start/end)")
    pr.add_argument("--output", help="JSONL or CSV: the input's columns plus label and scores")
    pr.add_argument("--model", help="model folder (default: the shipped model)")
    pr.add_argument("--batch-size", type=int, default=32)
    pr.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_backend(pr)
    pr.set_defaults(func=cmd_predict)

    an = sub.add_parser("analyze", help="per-actor stance over whole articles (text files or folders of .txt)")
    an.add_argument("paths", nargs="+", metavar="PATH")
    an.add_argument("--actor", action="append", metavar="NAME[=ALIAS,...]",
                    help='an actor to look for, with aliases: "Russia=Moscow,Kremlin" (repeatable)')
    an.add_argument("--actors-file", help="YAML or JSON: actor -> list of aliases")
    an.add_argument("--no-discover", action="store_true",
                    help="only the given actors (no automatic states, organisations and persons)")
    an.add_argument("--format", choices=["table", "json", "csv"], default="table")
    an.add_argument("--evidence", type=int, default=1, help="table: evidence sentences shown per actor")
    an.add_argument("--finder", choices=["rules", "spacy"], default="rules",
                    help="person-name finding: rules, or an installed spaCy pipeline")
    an.add_argument("--model", help="model folder (default: the shipped model)")
    _add_backend(an)
    an.add_argument("--batch-size", type=int, default=32)
    an.add_argument("--quiet", action="store_true", help="no progress bar")
    an.set_defaults(func=cmd_analyze)

    tr = sub.add_parser("train", help="fine-tune a model from a YAML config")
    tr.add_argument("--config", required=True)
    tr.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a config key (repeatable)")
    tr.add_argument("--overwrite", action="store_true", help="replace an existing output folder")
    tr.add_argument("--resume", action="store_true", help="continue from the last checkpoint")
    tr.add_argument("--skip-bad-rows", action="store_true", help="skip (and list) unusable rows instead of refusing")
    tr.set_defaults(func=cmd_train)

    ev = sub.add_parser("evaluate", help="metrics of a model on labelled rows")
    ev.add_argument("--model", help="model folder (default: the shipped model)")
    ev.add_argument("--data", required=True)
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.add_argument("--output-dir", help="write metrics.json, predictions.jsonl, confusion_matrix.png")
    ev.add_argument("--by-article", action="store_true", help="add per-article figures")
    ev.add_argument("--by", metavar="COLUMN", help="also report metrics per value of this input column (e.g. type)")
    ev.add_argument("--heldout-from", metavar="TRAIN_FILE",
                    help="keep only rows whose article does not occur in TRAIN_FILE")
    ev.add_argument("--precision", choices=["auto", "fp32", "bf16"], default="auto")
    ev.add_argument("--batch-size", type=int, default=32)
    _add_backend(ev)
    ev.set_defaults(func=cmd_evaluate)

    sp = sub.add_parser("split", help="train/dev split that keeps whole articles together")
    sp.add_argument("--input", required=True)
    sp.add_argument("--train-out", required=True)
    sp.add_argument("--dev-out", required=True)
    sp.add_argument("--dev-fraction", type=float, default=0.1)
    sp.add_argument("--seed", type=int, default=42)
    sp.set_defaults(func=cmd_split)

    ex = sub.add_parser("export", help="write an ONNX copy of a model folder (into DIR/onnx/)")
    ex.add_argument("model_dir")
    ex.add_argument("--onnx", action="store_true", help="ONNX for ONNX Runtime")
    ex.add_argument("--int8", action="store_true", help="also a dynamically quantised int8 copy")
    ex.set_defaults(func=cmd_export)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("stance").setLevel(logging.INFO)
    warnings.simplefilter("default")
    warnings.formatwarning = lambda msg, cat, *a, **k: f"warning: {msg}\n"
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        if args.command in ("predict", "evaluate", "analyze"):
            hf_logging.disable_progress_bar()
        return args.func(args)
    except DataError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except (CLIError, OutputError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except (ValueError, TypeError, FileNotFoundError, FileExistsError, ImportError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
