"""A corpus as the unit of work: articles in (JSONL, CSV, Parquet, a folder of .txt, or a
DataFrame), three tables out (mentions, article x actor, actor x period x group summary) and
plots. ``run_corpus`` streams to files and resumes after an interruption; ``analyze_corpus``
returns the tables as pandas DataFrames.

An article row has ``id`` and ``text``, optionally ``date`` (ISO: 2022-03-01, or a full ISO
timestamp) and ``outlet``; other columns are kept in the article and mention tables.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .data import DataError, iter_records
from .labels import LABELS
from .summary import ALL, SummaryAccumulator, period_of

# columns the mention table writes; an input column of the same name would be overwritten
MENTION_COLUMNS = ("article_id", "date", "period", "actor", "kind", "mention", "sentence", "sentence_index",
                   "start", "end", "label", "score", "p_supportive", "p_critical", "p_neutral")
ARTICLE_INPUT = ("id", "text", "date", "outlet")


@dataclass
class Article:
    """One article of a corpus: id, text, date, and the input's other columns (outlet included)."""

    id: str
    text: str
    date: dt.date | None = None
    extra: dict = field(default_factory=dict)
    where: str = ""


def parse_date(value) -> dt.date | None:
    """An ISO date or timestamp (or a date/datetime) as a date; None for empty; ValueError else."""
    if value is None or (isinstance(value, float) and value != value) or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) == 10 else dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError(f"bad date {value!r} (use ISO: 2022-03-01 or 2022-03-01T12:00:00)") from None


def to_article(record: dict, where: str) -> Article:
    """Check one article row; ValueError with the reason."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("missing text" if text in (None, "") else f"text must be a non-empty string, got {text!r}")
    article_id = record.get("id")
    if article_id is None or str(article_id).strip() == "":
        raise ValueError("missing id")
    clash = sorted(set(record) & set(MENTION_COLUMNS) - set(ARTICLE_INPUT))
    if clash:
        raise ValueError(f"the input has column(s) {', '.join(clash)}, which the mention table writes; rename them")
    extra = {k: _plain(v) for k, v in record.items() if k not in ("id", "text", "date")}
    return Article(str(article_id), text, parse_date(record.get("date")), extra, where)


def _plain(value):
    """A value fit for JSON, CSV and Parquet (pandas/NumPy scalars to Python ones)."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def read_articles(path: str | Path) -> Iterator[Article]:
    """Articles from a .jsonl/.csv/.tsv/.parquet file or a folder of .txt files (id = file
    name), lazily; a bad row raises DataError with file and line."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.rglob("*.txt"))
        if not files:
            raise DataError([f"{path}: no .txt files in this folder"])
        for f in files:
            try:
                text = f.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError as err:
                raise DataError([f"{f}: not UTF-8 text ({err.reason} at byte {err.start})"]) from None
            if not text.strip():
                raise DataError([f"{f}: missing text (the file is empty)"])
            yield Article(str(f.relative_to(path)), text, None, {}, str(f))
        return
    if path.suffix.lower() == ".parquet":
        yield from _parquet_articles(path)
        return
    for line, record in iter_records(path):
        try:
            yield to_article(record, f"{path}:{line}")
        except ValueError as err:
            raise DataError([f"{path}:{line}: {err}"]) from None


def _parquet_articles(path: Path) -> Iterator[Article]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError("Parquet needs pyarrow: pip install 'stance[data]'") from None
    if not path.is_file():
        raise DataError([f"{path}: no such file"])
    row = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
        for record in batch.to_pylist():
            row += 1
            try:
                yield to_article(record, f"{path}:row {row}")
            except ValueError as err:
                raise DataError([f"{path}:row {row}: {err}"]) from None


def articles_from(rows) -> Iterator[Article]:
    """Articles from a DataFrame or an iterable of dicts (row numbers from 1)."""
    if hasattr(rows, "to_dict") and hasattr(rows, "columns"):
        rows = rows.to_dict(orient="records")
    for i, record in enumerate(rows, start=1):
        try:
            yield to_article(dict(record), f"row {i}")
        except ValueError as err:
            raise DataError([f"row {i}: {err}"]) from None


def article_tables(article: Article, report, by: str, group: str | None) -> tuple[list[dict], list[dict]]:
    """The mention rows and the article x actor rows of one analysed article."""
    day = article.date.isoformat() if article.date else None
    period = period_of(article.date, by)
    mentions, per_actor = [], []
    rows = {r["actor"]: r for r in report.rows()}
    for a in report.actors:
        per_actor.append({"article_id": article.id, "date": day, **article.extra,
                          **{k: v for k, v in rows[a.actor].items() if k != "article"}})
        for e in a.evidence:
            mentions.append({"article_id": article.id, "date": day, "period": period, "actor": a.actor,
                             "kind": a.kind, "mention": e.mention, "sentence": e.sentence,
                             "sentence_index": e.sentence_index, "start": e.start, "end": e.end, "label": e.label,
                             "score": e.score, **{f"p_{lab}": e.scores[lab] for lab in LABELS}, **article.extra})
    return mentions, per_actor


def add_to_summary(acc: SummaryAccumulator, mentions: list[dict], group: str | None) -> None:
    """Every mention into its cell (and, with a group column, into the "(all)" group too)."""
    for m in mentions:
        key = f"{m['article_id']}:{m['start']}:{m['actor']}"
        cells = [ALL] if group is None else [str(m.get(group)), ALL]
        for g in cells:
            acc.add(m["actor"], m["period"], g, m["label"], m["p_supportive"], m["p_critical"], key)


def analyze_corpus(rows, *, model=None, actors=None, discover: bool = True, by: str = "month",
                   group: str | None = None, batch_size: int = 32, progress: bool = False) -> dict:
    """The corpus tables of a DataFrame or iterable of article rows, as pandas DataFrames:
    {"mentions", "articles", "summary"} (as ``stance corpus`` writes them)."""
    import pandas as pd
    from tqdm.auto import tqdm

    from .actors import ActorFinder
    from .analyze import analyze
    from .api import load

    period_of(None, by)
    model = load(model) if model is None or isinstance(model, (str, Path)) else model
    finder = ActorFinder(actors, discover=discover)
    acc = SummaryAccumulator()
    mentions, per_actor = [], []
    for article in tqdm(articles_from(rows), desc="articles", unit="article", disable=not progress):
        _check_group(article, group)
        report = analyze(article.text, model=model, finder=finder, article=article.id, batch_size=batch_size,
                             relations=False)
        m, a = article_tables(article, report, by, group)
        add_to_summary(acc, m, group)
        mentions += m
        per_actor += a
    return {"mentions": pd.DataFrame(mentions), "articles": pd.DataFrame(per_actor),
            "summary": pd.DataFrame(acc.rows())}


def _check_group(article: Article, group: str | None) -> None:
    if group is not None and group not in article.extra:
        raise DataError([f"{article.where}: --group {group}: the article has no {group!r} column"])


def write_csv_rows(path: Path, rows: list[dict], header: list[str] | None) -> list[str]:
    """Append rows to a CSV part (the header from the first rows); returns the header."""
    header = header or list(dict.fromkeys(k for r in rows for k in r))
    new = not path.exists()
    with open(path, "a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, extrasaction="raise")
        if new:
            writer.writeheader()
        writer.writerows({k: json.dumps(v) if isinstance(v, (dict, list)) else v for k, v in r.items()}
                         for r in rows)
    return header


def iter_chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
