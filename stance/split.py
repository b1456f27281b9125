"""Dev splits that keep whole articles (or whole sentences) on one side."""

from __future__ import annotations

from .data import Row


def group_of(row: Row) -> str:
    """The unit kept together: the article when known, else the sentence."""
    return f"article:{row.article_id}" if row.article_id else f"text:{row.text}"


def split_rows(rows: list[Row], dev_fraction: float = 0.1, seed: int = 42) -> tuple[list[Row], list[Row]]:
    """Split rows into (train, dev) so that no article (or sentence) is on both sides."""
    from sklearn.model_selection import GroupShuffleSplit

    if not 0 < dev_fraction < 1:
        raise ValueError(f"dev_fraction must be between 0 and 1, got {dev_fraction}")
    groups = [group_of(r) for r in rows]
    if len(set(groups)) < 2:
        raise ValueError("need rows from at least two articles (or sentences) to carve out a dev set")
    splitter = GroupShuffleSplit(n_splits=1, test_size=dev_fraction, random_state=seed)
    train_idx, dev_idx = next(splitter.split(rows, groups=groups))
    return [rows[i] for i in sorted(train_idx)], [rows[i] for i in sorted(dev_idx)]
