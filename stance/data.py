"""Reading labelled and unlabelled (text, actor) rows from JSON Lines or CSV, with checks.

Columns: ``text``, ``actor``, ``label`` and optionally ``start``/``end`` (mention offsets, end
exclusive), ``article_id`` and ``id``. A relation row (for a relation model) names the target
as ``target`` (or ``actor``) with ``target_start``/``target_end``, and the actor who holds the
stance as ``source`` with ``source_start``/``source_end``. NewsMTSC's names (``sentence``, ``mention``, ``from``,
``to``, ``polarity``, ``id``) are accepted as they are; a NewsMTSC ``id`` gives the article.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .files import atomic_write
from .labels import normalize_label
from .matching import find_mention

ALIASES = {"text": ("text", "sentence"), "actor": ("actor", "mention", "target"),
           "label": ("label", "polarity", "stance"), "start": ("start", "from", "target_start"), "end": ("end", "to", "target_end")}
_NEWSMTSC_ID = re.compile(r"^((?:allsides_\d+_\d+)|(?:polusa_v1_\d+_-?\d+))_\d+_")


class DataError(ValueError):
    """Bad input data; ``problems`` lists each as "file:line: reason"."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:20]
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__("\n".join(shown) + more)


@dataclass
class Row:
    """One (text, actor mention) row, with where it came from."""

    text: str
    actor: str
    start: int
    end: int
    label: str | None = None
    article_id: str | None = None
    source: str = ""
    line: int = 0
    record: dict = field(default_factory=dict, repr=False)
    source_span: tuple[int, int] | None = None  # a relation row: the stance holder's mention


def newsmtsc_article(row_id: str) -> str | None:
    """The article part of a NewsMTSC row id, or None for other ids."""
    m = _NEWSMTSC_ID.match(row_id)
    return m.group(1) if m else None


def iter_records(path: str | Path) -> Iterator[tuple[int, dict]]:
    """Yield (line number, raw record) from a .jsonl/.json or .csv/.tsv file, lazily.

    Raises DataError for a missing or empty file and for malformed lines.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError([f"{path}: no such file"])
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        yield from _iter_csv(path)
    elif suffix in (".jsonl", ".json", ".ndjson"):
        yield from _iter_jsonl(path)
    else:
        raise DataError([f"{path}: unknown file type {suffix!r} (use .jsonl or .csv)"])


def _iter_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    seen = False
    with open(path, encoding="utf-8-sig") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as err:
                raise DataError([f"{path}:{n}: malformed JSON ({err.args[0] if err.args else err})"]) from None
            if not isinstance(record, dict):
                raise DataError([f"{path}:{n}: expected a JSON object, got {type(record).__name__}"])
            seen = True
            yield n, record
    if not seen:
        raise DataError([f"{path}:1: the file is empty"])


DELIMITERS = ",;\t|"


def detect_delimiter(header: str, suffix: str) -> str:
    """The delimiter of a CSV file from its header line: the candidate (",", ";", tab, "|") that
    occurs most often outside quotes; a .tsv file with no candidate in its header is tab."""
    counts = {d: 0 for d in DELIMITERS}
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    if counts[best]:
        return best
    return "\t" if suffix == ".tsv" else ","


def _iter_csv(path: Path) -> Iterator[tuple[int, dict]]:
    """Rows of a CSV file in the csv module's standard dialect (double quotes, a doubled quote
    inside a quoted field, newlines inside quoted fields); only the delimiter is detected.
    Each row's line number is the line where the row starts."""
    with open(path, encoding="utf-8-sig", newline="") as f:  # utf-8-sig drops a BOM
        header = f.readline()
        if not header.strip():
            raise DataError([f"{path}:1: the file is empty"])
        delimiter = detect_delimiter(header.rstrip("\r\n"), path.suffix.lower())
        f.seek(0)
        if f.read(1) != "\ufeff":
            f.seek(0)
        reader = csv.reader(f, delimiter=delimiter, quotechar='"', doublequote=True, strict=True)
        try:
            columns = next(reader)
            seen = False
            start = reader.line_num + 1
            for values in reader:
                if not any(v.strip() for v in values):
                    start = reader.line_num + 1
                    continue
                if len(values) > len(columns):
                    raise DataError([f"{path}:{start}: {len(values)} fields, but the header has {len(columns)}"])
                seen = True
                yield start, dict(zip(columns, values + [""] * (len(columns) - len(values))))
                start = reader.line_num + 1
        except csv.Error as err:
            raise DataError([f"{path}:{reader.line_num}: malformed CSV ({err})"]) from None
        if not seen:
            raise DataError([f"{path}:1: no rows after the header"])


def _get(record: dict, key: str):
    for name in ALIASES.get(key, (key,)):
        if name in record and record[name] not in (None, ""):
            return record[name]
    return None


def _to_int(value) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return int(value)


def parse_row(record: dict, source: str, line: int, require_label: bool = True, read_label: bool = True,
              aliases: bool = False) -> Row:
    """Check one raw record and turn it into a Row; raise ValueError with the reason.

    read_label=False ignores any label column (prediction does not use it, so its values
    are not checked); the record keeps it as it is. aliases=True finds an actor that is not in
    the text by its gazetteer names ("U.S." for "United States"), as ``stance.predict`` does;
    labelled data is read without, so each label stays on the mention its file names."""
    text, actor = _get(record, "text"), _get(record, "actor")
    for key, value in (("text", text), ("actor", actor)):
        if value is None:
            raise ValueError(f"missing column {key!r} (or {'/'.join(ALIASES[key][1:])})")
        if not isinstance(value, str):
            raise ValueError(f"{key} must be a string, got {type(value).__name__}")
        if not value.strip():
            raise ValueError(f"{key} is empty")
    label = _get(record, "label") if read_label else None
    if label is not None:
        label = normalize_label(label)
    elif require_label and read_label:
        raise ValueError("missing column 'label' (or polarity)")
    start, end = _get(record, "start"), _get(record, "end")
    if (start is None) != (end is None):
        raise ValueError("give both start and end, or neither")
    if start is not None:
        try:
            span = (_to_int(start), _to_int(end))
        except (TypeError, ValueError):
            raise ValueError(f"start/end must be integers, got {start!r}/{end!r}") from None
    else:
        span = None
    if aliases:
        from .actors import known_names

        start, end = find_mention(text, actor, span, aliases=functools.partial(known_names, actor))
    else:
        start, end = find_mention(text, actor, span)
    source_span = _source_span(record, text, (start, end))
    row_id = record.get("id")
    article = record.get("article_id") or (newsmtsc_article(str(row_id)) if row_id is not None else None)
    return Row(text=text, actor=actor, start=start, end=end, label=label,
               article_id=str(article) if article not in (None, "") else None,
               source=source, line=line, record=record, source_span=source_span)


def _source_span(record: dict, text: str, target: tuple[int, int]) -> tuple[int, int] | None:
    """A relation row's source mention (source_start/source_end, checked against the words in
    ``source`` when given), or None for a plain row."""
    start, end = record.get("source_start"), record.get("source_end")
    if start in (None, "") and end in (None, ""):
        return None
    if start in (None, "") or end in (None, ""):
        raise ValueError("give both source_start and source_end, or neither")
    try:
        span = (_to_int(start), _to_int(end))
    except (TypeError, ValueError):
        raise ValueError(f"source_start/source_end must be integers, got {start!r}/{end!r}") from None
    words = record.get("source")
    if isinstance(words, str) and words.strip():
        try:
            span = find_mention(text, words, span)
        except ValueError as err:
            raise ValueError(f"source: {err}") from None
    elif not 0 <= span[0] < span[1] <= len(text):
        raise ValueError(f"source span {span} is not inside the text (length {len(text)})")
    if span[0] < target[1] and target[0] < span[1]:
        raise ValueError(f"the source mention {text[span[0]:span[1]]!r} overlaps the target {text[target[0]:target[1]]!r}")
    return span


def load_rows(path: str | Path, require_label: bool = True, skip_bad_rows: bool = False) -> list[Row]:
    """Read and check every row of a file.

    Every bad row is reported as "file:line: reason": all of them in one DataError, or, with
    ``skip_bad_rows``, each in a warning, and the good rows are returned. Exact duplicate
    rows only warn.
    """
    rows, problems, seen, duplicates = [], [], {}, []
    for line, record in iter_records(path):
        try:
            row = parse_row(record, str(path), line, require_label)
        except (TypeError, ValueError) as err:
            problems.append(f"{path}:{line}: {err}")
            continue
        key = (row.text, row.start, row.end, row.source_span)
        if key in seen:
            first = seen[key]
            what = "duplicate row" if first.label == row.label else "duplicate row with a different label"
            duplicates.append(f"{path}:{line}: {what} (first at line {first.line})")
        else:
            seen[key] = row
        rows.append(row)
    if duplicates:
        more = f"; and {len(duplicates) - 5} more duplicate rows" if len(duplicates) > 5 else ""
        warnings.warn("; ".join(duplicates[:5]) + more, stacklevel=2)
    if problems and not skip_bad_rows:
        raise DataError(problems)
    for p in problems:
        warnings.warn(f"skipped {p}", stacklevel=2)
    return rows


def write_rows(records: list[dict], path: str | Path) -> None:
    """Write dict records to .jsonl or .csv (by the file's suffix), atomically."""
    path = Path(path)
    with atomic_write(path, newline="") as f:
        if path.suffix.lower() in (".csv", ".tsv"):
            cols = list(dict.fromkeys(k for r in records for k in r))
            w = csv.DictWriter(f, fieldnames=cols, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
            w.writeheader()
            w.writerows(records)
        else:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
