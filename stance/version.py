"""The library's version."""

__version__ = "0.1.0"


def version_tuple(version: str) -> tuple[int, ...]:
    """(0, 1, 0) for "0.1.0"; non-numeric parts count as 0."""
    return tuple(int(p) if p.isdigit() else 0 for p in version.split(".")[:3])
