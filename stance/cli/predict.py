"""``stance predict``: one (text, actor) pair, or a whole JSONL/CSV file."""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

from ..data import DataError, iter_records, parse_row
from ..files import atomic_write
from ..labels import LABELS
from .common import CLIError, add_backend, add_engine, load_model

# The columns a prediction adds, as in `stance evaluate`'s predictions file: the model's label
# is always "predicted", so a gold "label" column passes through untouched.
PREDICTED = "predicted"
SCORE = "score"
SCORES = "scores"  # JSONL: {label: probability}; CSV: one p_<label> column per label


def output_columns(is_csv: bool) -> list[str]:
    """The names of the columns predict adds to each row."""
    return [PREDICTED, SCORE, *([f"p_{lab}" for lab in LABELS] if is_csv else [SCORES])]


def add_parser(sub) -> None:
    pr = sub.add_parser("predict", help="classify one (text, actor) or a JSONL/CSV file")
    pr.add_argument("--text")
    pr.add_argument("--actor")
    pr.add_argument("--span", help="START:END character offsets of the mention")
    pr.add_argument("--input", help="JSONL or CSV with text and actor (optionally start/end)")
    pr.add_argument("--output", help=f"JSONL or CSV: the input's columns plus {', '.join(output_columns(False))}")
    pr.add_argument("--model", help="model folder (default: the shipped model)")
    pr.add_argument("--batch-size", type=int, default=32)
    pr.add_argument("--quiet", action="store_true", help="no progress bar")
    add_engine(pr, "score (writes a Parquet folder)")
    add_backend(pr)
    pr.set_defaults(func=run)


def run(args) -> int:
    if args.input:
        if not args.output:
            raise CLIError("--input needs --output")
        if args.engine == "ray":
            return predict_ray(args)
        return predict_file(args)
    if args.text is None or args.actor is None:
        raise CLIError("give --text and --actor, or --input and --output")
    span = None
    if args.span:
        try:
            a, b = args.span.split(":")
            span = (int(a), int(b))
        except ValueError:
            raise CLIError(f"--span must be START:END, got {args.span!r}") from None
    pred = load_model(args.model, backend=args.backend, device=args.device).predict(args.text, args.actor, span=span)
    print(json.dumps(pred.to_dict(), ensure_ascii=False))
    return 0


def _records(path: str):
    """(line, record) of a JSONL/CSV file, or ("row N", record) of a Parquet file, lazily."""
    if Path(path).suffix.lower() != ".parquet":
        yield from iter_records(path)
        return
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError("Parquet needs pyarrow: pip install 'stance[data]'") from None
    if not Path(path).is_file():
        raise DataError([f"{path}: no such file"])
    n = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=4096):
        for record in batch.to_pylist():
            n += 1
            yield f"row {n}", record


def _chunks(path: str, size: int, is_csv: bool):
    chunk = []
    taken = set(output_columns(is_csv))
    for line, record in _records(path):
        clash = sorted(taken & set(record))
        if clash:
            raise DataError([f"{path}:{line}: the input already has column(s) {', '.join(clash)}, which predict "
                             "writes; rename them (no input column is overwritten)"])
        try:
            row = parse_row(record, path, line, require_label=False, read_label=False, aliases=True)
        except (TypeError, ValueError) as err:
            raise DataError([f"{path}:{line}: {err}"]) from None
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def predict_file(args) -> int:
    """Stream the input through the model in chunks and write the rows with their predictions."""
    from tqdm import tqdm

    model = load_model(args.model, backend=args.backend, device=args.device)
    start = time.perf_counter()
    out_path = Path(args.output)
    if out_path.suffix.lower() == ".parquet":
        n = _predict_to_parquet(args, model, out_path)
        seconds = time.perf_counter() - start
        print(f"wrote {n} predictions to {out_path} in {seconds:.0f} s ({n / max(seconds, 1e-9):.0f} rows/s, "
              f"{model.backend} backend)", file=sys.stderr)
        return 0
    is_csv = out_path.suffix.lower() in (".csv", ".tsv")
    n = 0
    with atomic_write(out_path, newline="" if is_csv else None) as f, \
            tqdm(unit=" rows", desc="predict", disable=args.quiet, dynamic_ncols=True) as bar:
        writer = None
        for chunk in _chunks(args.input, max(args.batch_size * 16, 256), is_csv):
            probs = model.predict_proba([(r.text, r.start, r.end) for r in chunk], batch_size=args.batch_size)
            for row, p in zip(chunk, probs):
                best = max(range(len(LABELS)), key=p.__getitem__)
                rec = dict(row.record)
                rec.update({PREDICTED: LABELS[best], SCORE: round(p[best], 6)})
                if is_csv:
                    rec.update({f"p_{lab}": round(p[j], 6) for j, lab in enumerate(LABELS)})
                    if writer is None:
                        writer = csv.DictWriter(f, fieldnames=list(rec), extrasaction="ignore",
                                                delimiter="\t" if out_path.suffix.lower() == ".tsv" else ",")
                        writer.writeheader()
                    writer.writerow(rec)
                else:
                    rec[SCORES] = {lab: round(p[j], 6) for j, lab in enumerate(LABELS)}
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += len(chunk)
            bar.update(len(chunk))
    seconds = time.perf_counter() - start
    print(f"wrote {n} predictions to {out_path} in {seconds:.0f} s ({n / max(seconds, 1e-9):.0f} rows/s, "
          f"{model.backend} backend)", file=sys.stderr)
    return 0


def _predict_to_parquet(args, model, out_path: Path) -> int:
    """Stream predictions into one Parquet file (flat columns as in CSV), written atomically."""
    import os

    import pyarrow as pa
    import pyarrow.parquet as pq
    from tqdm import tqdm

    tmp = out_path.with_name(f".{out_path.name}.tmp")
    writer, n = None, 0
    try:
        with tqdm(unit=" rows", desc="predict", disable=args.quiet, dynamic_ncols=True) as bar:
            for chunk in _chunks(args.input, max(args.batch_size * 16, 256), True):
                probs = model.predict_proba([(r.text, r.start, r.end) for r in chunk], batch_size=args.batch_size)
                recs = []
                for row, p in zip(chunk, probs):
                    best = max(range(len(LABELS)), key=p.__getitem__)
                    recs.append({**row.record, PREDICTED: LABELS[best], SCORE: round(p[best], 6),
                                 **{f"p_{lab}": round(p[j], 6) for j, lab in enumerate(LABELS)}})
                table = pa.Table.from_pylist(recs, schema=writer.schema if writer else None)
                if writer is None:
                    writer = pq.ParquetWriter(tmp, table.schema)
                writer.write_table(table)
                n += len(chunk)
                bar.update(len(chunk))
        if writer is not None:
            writer.close()
            os.replace(tmp, out_path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return n


def predict_ray(args) -> int:
    """predict --engine ray: check every row here (file:line errors), then score on Ray."""
    from ..api import default_model_path
    from ..engines import ray_predict

    checked = sum(len(c) for c in _chunks(args.input, 4096, True))
    start = time.perf_counter()
    n = ray_predict(args.input, args.output, model_path=str(args.model or default_model_path()),
                    backend=args.backend, workers=args.workers, address=args.address, batch_size=args.batch_size)
    seconds = time.perf_counter() - start
    print(f"wrote {n} of {checked} predictions to {args.output}/ (Parquet, Ray, {args.workers} workers) in "
          f"{seconds:.0f} s ({n / max(seconds, 1e-9):.0f} rows/s)", file=sys.stderr)
    return 0
