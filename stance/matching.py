"""Finding an actor's mention in a text."""

from __future__ import annotations

import re
from typing import Callable, Sequence


def _check_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{what} is empty or whitespace only")
    return value


def whole_word(needle: str) -> str:
    """A regular expression for ``needle`` as a whole word: no letter, digit or _ on either side."""
    return r"(?<!\w)" + re.escape(needle) + r"(?!\w)"


def find_mention(text: str, actor: str, span: tuple[int, int] | None = None,
                 aliases: Sequence[str] | Callable[[], Sequence[str]] = ()) -> tuple[int, int]:
    """Return the (start, end) character offsets of the actor's mention in text.

    Without a span, the first whole-word exact match wins, then a case-insensitive whole-word
    match, then the earliest whole-word exact match of one of ``aliases`` (other names of the
    actor, e.g. from ``stance.actors.known_names``: "U.S." for "United States"), then an exact
    and a case-insensitive match inside a longer word ("Russia" in "Russian"). With a span, it
    must lie inside the text and contain the actor or one of its aliases (case-insensitively);
    the span itself is the mention. ``aliases`` may be a function returning them, called only
    when the actor's own name does not match (so an exact mention costs no look-up).
    """
    _check_str(text, "text")
    _check_str(actor, "actor")
    if span is not None:
        return _check_span(text, actor, span, aliases)
    needle = actor.strip()
    bounded = whole_word(needle)
    for pattern, flags in ((bounded, 0), (bounded, re.IGNORECASE)):
        m = re.search(pattern, text, flags)
        if m:
            return m.start(), m.end()
    aliases = _resolve(aliases)
    found = [(m.start(), -len(a), m.end()) for a in aliases if a.strip()
             for m in [re.search(whole_word(a.strip()), text)] if m]
    if found:
        start, _, end = min(found)
        return start, end
    for pattern, flags in ((re.escape(needle), 0), (re.escape(needle), re.IGNORECASE)):
        m = re.search(pattern, text, flags)
        if m:
            return m.start(), m.end()
    tried = f" (nor do its other names: {', '.join(aliases)})" if aliases else ""
    raise ValueError(f"actor {actor!r} does not occur in the text {_preview(text)!r}{tried}")


def _resolve(aliases) -> Sequence[str]:
    return aliases() if callable(aliases) else aliases


def _check_span(text: str, actor: str, span: object, aliases=()) -> tuple[int, int]:
    if (not isinstance(span, (tuple, list)) or len(span) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in span)):
        raise TypeError(f"span must be a (start, end) pair of ints, got {span!r}")
    start, end = span
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {tuple(span)} is out of range for a text of {len(text)} characters")
    covered = text[start:end].casefold()
    if actor.strip().casefold() not in covered and not any(
            name.strip().casefold() in covered for name in _resolve(aliases) if name.strip()):
        raise ValueError(f"span {tuple(span)} covers {text[start:end]!r}, which does not contain "
                         f"the actor {actor!r}")
    return start, end


def _preview(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "..."
