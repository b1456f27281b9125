"""Writing files atomically: a temporary file beside the target, renamed into place on success."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class OutputError(OSError):
    """An output path that cannot be written."""


def new_file_mode() -> int:
    """0666 less the umask: the mode open(path, "w") gives a new file."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _file_mode(path: Path) -> int:
    """The mode a plain open(path, "w") would leave: the existing file's, else 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return new_file_mode()


@contextlib.contextmanager
def atomic_write(path: str | Path, newline: str | None = None, binary: bool = False):
    """Yield a text file (a binary one with binary=True); it replaces ``path`` only if the block
    finishes without error."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder, not a file")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise OutputError(f"{path}: cannot write here ({err.strerror})") from None
    try:
        os.chmod(tmp, _file_mode(path))  # mkstemp makes 0600; a written file gets what open() would give
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline=newline)) as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
