"""Writing files atomically: a temporary file beside the target, renamed into place on success."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class OutputError(OSError):
    """An output path that cannot be written."""


@contextlib.contextmanager
def atomic_write(path: str | Path, newline: str | None = None):
    """Yield a text file; it replaces ``path`` only if the block finishes without error."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}:0: is a folder, not a file")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise OutputError(f"{path}:0: cannot write here ({err.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
