"""``stance corpus``: stream a corpus through the model into files, resumable.

DIR/mentions.parquet/ is a Parquet dataset (one part file per chunk of articles; pandas and
pyarrow read the folder as one table); DIR/articles.csv and DIR/summary.csv are written at the
end from the parts; DIR/plots/ holds the timelines and the heatmap. A chunk's ids go to
DIR/.progress/done.txt only after its part files are complete, so a re-run after an
interruption skips the finished articles and redoes at most one chunk. The summary is computed
by streaming over the parts (memory grows with actors x periods x groups, not with mentions).
"""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

from .corpus import (MENTION_COLUMNS, Article, _check_group, add_to_summary, article_tables, iter_chunks,
                     read_articles, write_csv_rows)
from .data import DataError
from .files import atomic_write
from .summary import ALL, SummaryAccumulator, period_of, plot_heatmap, plot_timelines

CHUNK = 32
NUMERIC = {"sentence_index": "int64", "start": "int64", "end": "int64", "score": "float64",
           "p_supportive": "float64", "p_critical": "float64", "p_neutral": "float64"}


def _schema(rows: list[dict]):
    import pyarrow as pa

    fields = [pa.field(c, pa.int64() if NUMERIC.get(c) == "int64" else pa.float64() if c in NUMERIC else pa.string())
              for c in MENTION_COLUMNS]
    extra = [k for k in dict.fromkeys(k for r in rows for k in r) if k not in MENTION_COLUMNS]
    return pa.schema(fields + [pa.field(k, pa.string()) for k in extra]), extra


def write_mentions_part(folder: Path, index: int, rows: list[dict]) -> None:
    """One Parquet part, written to a temporary name and renamed into place."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema, extra = _schema(rows)
    clean = [{**{c: r.get(c) for c in MENTION_COLUMNS},
              **{k: None if r.get(k) is None else str(r.get(k)) for k in extra}} for r in rows]
    table = pa.Table.from_pylist(clean, schema=schema)
    tmp = folder / f".part-{index:05d}.parquet.tmp"
    pq.write_table(table, tmp)
    os.replace(tmp, folder / f"part-{index:05d}.parquet")


def run_corpus(path: str | Path, out: str | Path, *, model, finder, by: str = "month", group: str | None = None,
               top: int = 10, batch_size: int = 32, progress: bool = True, engine: str = "local",
               ray_options: dict | None = None) -> dict:
    """Analyse every article of ``path`` into ``out`` (module docstring); returns counts.
    engine "ray": the articles are analysed on a Ray actor pool (stance.engines) with
    ray_options (model_path, backend, workers, address, actors, discover); the files, the
    resume and the summary are the same."""
    from tqdm.auto import tqdm

    from .analyze import analyze

    period_of(None, by)
    out = Path(out)
    parts, progress_dir = out / "mentions.parquet", out / ".progress"
    for folder in (parts, progress_dir, out / ".articles"):
        folder.mkdir(parents=True, exist_ok=True)
    done_file = progress_dir / "done.txt"
    done = set(done_file.read_text(encoding="utf-8").split("\n")) - {""} if done_file.exists() else set()
    next_part = 1 + max([int(p.stem.split("-")[1]) for p in parts.glob("part-*.parquet")] or [-1])
    skipped = analysed = mentions_total = 0
    seen: set[str] = set()
    start = time.perf_counter()
    bar = tqdm(desc="articles", unit="article", disable=not progress, dynamic_ncols=True)

    def fresh(articles):
        nonlocal skipped
        for a in articles:
            if a.id in seen:
                raise DataError([f"{a.where}: duplicate article id {a.id!r} (ids must be unique to resume)"])
            seen.add(a.id)
            _check_group(a, group)
            if a.id in done:
                skipped += 1
                continue
            yield a

    def local_results():
        for article in fresh(read_articles(path)):
            report = analyze(article.text, model=model, finder=finder, article=article.id, batch_size=batch_size,
                             relations=False)
            yield (article.id, *article_tables(article, report, by, group))

    def ray_results():
        from .engines import ray_article_results

        todo = sum(1 for _ in fresh(read_articles(path)))  # every row checked here first: file:line errors
        bar.total = todo
        yield from ray_article_results(str(path), done, by=by, group=group, batch_size=batch_size, **ray_options)

    results = ray_results() if engine == "ray" else local_results()
    with bar:
        for chunk in iter_chunks(results, CHUNK):
            rows, per_actor = [], []
            for _, m, a in chunk:
                rows += m
                per_actor += a
            if rows:
                write_mentions_part(parts, next_part, rows)
            if per_actor:
                tmp = out / ".articles" / f".articles-{next_part:05d}.csv.tmp"
                write_csv_rows(tmp, per_actor, None)
                os.replace(tmp, out / ".articles" / f"articles-{next_part:05d}.csv")
            next_part += 1
            with open(done_file, "a", encoding="utf-8") as f:
                f.write("".join(article_id + "\n" for article_id, _, _ in chunk))
                f.flush()
                os.fsync(f.fileno())
            analysed += len(chunk)
            mentions_total += len(rows)
            bar.update(len(chunk))
            bar.set_postfix(mentions=mentions_total, refresh=False)
    summary = finish(out, group, top)
    seconds = time.perf_counter() - start
    return {"articles": analysed, "skipped": skipped, "mentions": mentions_total, "seconds": seconds,
            "summary_rows": len(summary)}


def finish(out: Path, group: str | None, top: int):
    """articles.csv and summary.csv from the parts, and the plots."""
    import pandas as pd
    import pyarrow.parquet as pq

    acc = SummaryAccumulator()
    needed = ["article_id", "actor", "period", "label", "start", "p_supportive", "p_critical"] + ([group] if group else [])
    counts: dict[str, int] = {}
    for part in sorted((out / "mentions.parquet").glob("part-*.parquet")):
        for batch in pq.ParquetFile(part).iter_batches(columns=needed, batch_size=4096):
            rows = batch.to_pylist()
            add_to_summary(acc, rows, group)
            for r in rows:
                counts[r["actor"]] = counts.get(r["actor"], 0) + 1
    summary = pd.DataFrame(acc.rows(), columns=["actor", "period", "group", "n", "supportive", "critical", "neutral",
                                                "share_critical", "share_supportive", "net", "net_low", "net_high"])
    with atomic_write(out / "summary.csv", newline="") as f:
        summary.to_csv(f, index=False)
    _merge_csv(sorted((out / ".articles").glob("articles-*.csv")), out / "articles.csv")
    actors = sorted(counts, key=lambda a: (-counts[a], a))[:top]
    plots = out / "plots"
    if actors:
        plot_timelines(summary, actors, plots)
        if group:
            plot_heatmap(summary[summary["group"] != ALL], actors, plots, group)
    return summary


def _merge_csv(parts: list[Path], target: Path) -> None:
    """Concatenate CSV parts under the union of their headers, streaming."""
    header: list[str] = []
    for p in parts:
        with open(p, encoding="utf-8", newline="") as f:
            header += [c for c in next(csv.reader(f), []) if c not in header]
    with atomic_write(target, newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header or ["article_id", "actor"])
        writer.writeheader()
        for p in parts:
            with open(p, encoding="utf-8", newline="") as f:
                writer.writerows(csv.DictReader(f))


__all__ = ["run_corpus", "finish", "write_mentions_part", "Article"]
