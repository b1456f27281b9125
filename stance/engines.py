"""Ray Data as the distributed engine (``pip install stance[ray]``): the same model, the same
rows, spread over a local Ray or a cluster.

Both engines score through the classes here: ``Scorer`` (predict: a batch of (text, actor)
rows -> the same rows with ``predicted``, ``score`` and ``p_*``) and ``ArticleAnalyzer``
(corpus: a batch of articles -> their mention and article x actor rows). Under Ray they are
``map_batches`` callable classes on an ``ActorPoolStrategy`` pool, so each worker loads the
model once and pins its torch threads; the input is read with Ray's readers. Without an
address a local Ray is started on this machine's CPUs; with one, the job attaches to that
cluster. Row order is preserved, so both engines write the same rows in the same order.
"""

from __future__ import annotations

import json
from pathlib import Path

from .labels import LABELS

ADDED = ("predicted", "score", *(f"p_{lab}" for lab in LABELS))


def _load(model_path: str | None, backend: str, threads: int):
    import torch

    from .api import load

    if threads:
        torch.set_num_threads(threads)
    return load(model_path, backend=backend) if model_path else load(backend=backend)


class Scorer:
    """Scores a pandas batch of rows with text and actor (and optional start/end)."""

    def __init__(self, model_path: str | None = None, backend: str = "auto", threads: int = 1, batch_size: int = 32):
        self.model = _load(model_path, backend, threads)
        self.batch_size = batch_size

    def __call__(self, batch):
        from .data import parse_row

        records = batch.to_dict(orient="records")
        rows = [parse_row(_clean(r), "ray", 0, require_label=False, read_label=False, aliases=True) for r in records]
        probs = self.model.predict_proba([(r.text, r.start, r.end) for r in rows], batch_size=self.batch_size)
        out = batch.copy()
        best = [max(range(len(LABELS)), key=p.__getitem__) for p in probs]
        out["predicted"] = [LABELS[b] for b in best]
        out["score"] = [round(p[b], 6) for p, b in zip(probs, best)]
        for j, lab in enumerate(LABELS):
            out[f"p_{lab}"] = [round(p[j], 6) for p in probs]
        return out


def _clean(record: dict) -> dict:
    """NaN from pandas for a missing cell means 'not given'."""
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in record.items()}


class ArticleAnalyzer:
    """Analyses a pandas batch of article rows; returns one row per article with its mention
    rows and article x actor rows as JSON (the driver writes them, as the local engine does)."""

    def __init__(self, model_path=None, backend="auto", threads=1, actors=None, discover=True, by="month",
                 group=None, batch_size=32):
        from .actors import ActorFinder

        self.model = _load(model_path, backend, threads)
        self.finder = ActorFinder(actors, discover=discover)
        self.by, self.group, self.batch_size = by, group, batch_size

    def __call__(self, batch):
        import pandas as pd

        from .analyze import analyze
        from .corpus import article_tables, to_article

        out = []
        for record in batch.to_dict(orient="records"):
            article = to_article(_clean(record), "ray")
            report = analyze(article.text, model=self.model, finder=self.finder, article=article.id, relations=False,
                             batch_size=self.batch_size)
            mentions, per_actor = article_tables(article, report, self.by, self.group)
            out.append({"id": article.id, "mentions": json.dumps(mentions), "per_actor": json.dumps(per_actor)})
        return pd.DataFrame(out, columns=["id", "mentions", "per_actor"])


def start_ray(address: str | None, workers: int):
    """A local Ray with ``workers`` CPUs, or the cluster at ``address``; order-preserving."""
    try:
        import ray
    except ImportError:
        raise ImportError("--engine ray needs Ray Data: pip install 'stance[ray]'") from None
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            import os

            ray.init(num_cpus=os.cpu_count() or workers, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().execution_options.preserve_order = True
    return ray


def actor_cpus(ray, workers: int) -> float:
    """CPUs per pool actor: one each, less where the pool would leave none for Ray's read and
    write tasks (which would then wait for ever)."""
    total = ray.cluster_resources().get("CPU", workers)
    return max(0.1, min(1.0, (total - 1) / workers))  # a read or write task takes one CPU


def read_dataset(ray, path: str):
    """Ray's reader for a .jsonl/.json, .csv/.tsv or .parquet file."""
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".json", ".ndjson"):
        return ray.data.read_json(path, lines=True)
    if suffix in (".csv", ".tsv"):
        import pyarrow.csv as pacsv

        return ray.data.read_csv(path, parse_options=pacsv.ParseOptions(delimiter="\t" if suffix == ".tsv" else ","))
    if suffix == ".parquet":
        return ray.data.read_parquet(path)
    raise ValueError(f"{path}: unknown file type {suffix!r} for --engine ray (use .jsonl, .csv or .parquet)")


def ray_predict(path: str, output: str, *, model_path, backend, workers: int, address: str | None, batch_size: int):
    """predict --engine ray: read, score on an actor pool, write Parquet; returns the row count."""
    ray = start_ray(address, workers)
    ds = read_dataset(ray, path)
    scored = ds.map_batches(Scorer, batch_format="pandas", batch_size=max(batch_size * 64, 256),
                            compute=ray.data.ActorPoolStrategy(size=workers),
                            fn_constructor_kwargs={"model_path": model_path, "backend": backend, "threads": 1,
                                                   "batch_size": batch_size}, num_cpus=actor_cpus(ray, workers))
    scored.write_parquet(output)
    return written_rows(output)  # not scored.count(): that would run the whole pipeline again


def written_rows(folder: str) -> int:
    """Rows in the Parquet files of an output folder, from their footers."""
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(f).metadata.num_rows for f in sorted(Path(folder).glob("*.parquet")))


def ray_article_results(path: str, done: set[str], *, model_path, backend, workers, address, actors, discover,
                        by, group, batch_size):
    """corpus --engine ray: yield (id, mention rows, article x actor rows) per unfinished article,
    in input order, computed on the actor pool."""
    ray = start_ray(address, workers)
    ds = read_dataset(ray, path)
    if done:
        ds = ds.filter(lambda row: str(row["id"]) not in done)
    results = ds.map_batches(ArticleAnalyzer, batch_format="pandas", batch_size=8,
                             compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=actor_cpus(ray, workers),
                             fn_constructor_kwargs={"model_path": model_path, "backend": backend, "threads": 1,
                                                    "actors": actors, "discover": discover, "by": by,
                                                    "group": group, "batch_size": batch_size})
    for batch in results.iter_batches(batch_format="pandas", batch_size=32):
        for row in batch.itertuples(index=False):
            yield row.id, json.loads(row.mentions), json.loads(row.per_actor)
