"""Sentence splitting for news text: abbreviations ("Sen.", "U.S.", "Mr."), initials,
quotes and news boilerplate lines (share buttons, "Advertisement", bylines' "Follow")."""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt", "cpl", "sgt", "adm",
    "st", "jr", "sr", "rev", "hon", "pres", "no", "nos", "vs", "etc", "inc", "corp", "ltd", "co", "dept", "est",
    "approx", "fig", "vol", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "ave", "blvd", "mt", "ft", "u.s", "u.k", "u.n", "e.u", "d.c",
    "p.m", "a.m", "e.g", "i.e", "al", "ca", "cf", "op", "pp", "r", "d", "i",
}
BOILERPLATE = re.compile(
    r"^\W*(advertisement|advertising|sponsored|share( this| on)?|tweet|follow( i follow)?|subscribe|sign up|"
    r"read more|related|more on this|click here|stay across|get (instant )?(email )?alerts|photo|image|video|listen|copyright|all rights reserved|"
    r"\(c\)|©|getty images|reuters|ap photo|print|email|comments?)\b.{0,40}$", re.IGNORECASE)
# A full stop, ? or ! (possibly inside closing quotes or brackets), then space, then what can
# start a sentence: a capital letter, a digit, or an opening quote or bracket.
_BOUNDARY = re.compile(r"([.!?]+[\"'”’)\]]*)\s+(?=[\"“‘'(\[]?[A-Z0-9À-Ý])")


@dataclass(frozen=True)
class Sentence:
    """A sentence and where it lies in the text it was cut from (end exclusive)."""

    text: str
    start: int
    end: int


_NAME = r"[A-ZÀ-Ý][\w'’-]+"
BYLINE = re.compile(rf"^((?i:by|additional reporting by|reporting by|written by|edited by)\s.*|{_NAME}(\s{_NAME}){{1,2}}"
                    rf"(\s+in\s+{_NAME}(\s{_NAME})?)?(\s+[A-Z]{{3,}})?)$")
_ROLE = (r"(correspondent|reporter|editor|columnist|bureau chief|staff writer|contributing writer|contributor|"
         r"journalist|writer|commentator|analyst|producer|photographer)s?")
# An author box: "Political correspondent for China, North Korea and Mongolia.", "Senior editor
# at Foreign Affairs", "Jane Doe is a reporter covering the Pentagon."
AUTHOR_BOX = re.compile(rf"^((\w+[\s-]+){{0,4}}{_ROLE}(\s+(for|in|at|based in|covering|on|of)\b.*)?"
                        rf"|{_NAME}(\s{_NAME}){{0,2}}\s+(is|was)\s+(an?|the)\s+.{{0,60}}\b{_ROLE}\b.*)$",
                        re.IGNORECASE)
_CREDIT = re.compile(r"\s*©.*$")


def is_boilerplate(line: str) -> bool:
    """Lines that are page furniture rather than article text: share buttons, "Advertisement",
    bylines ("Additional reporting by ...", or a line that is only a name, "Kathrin Hille in
    Taipei") and author boxes ("Political correspondent for China, North Korea and Mongolia.")."""
    stripped = line.strip()
    if not stripped or BOILERPLATE.match(stripped) or stripped.startswith(("•", "|", "✕")) and len(stripped) < 60:
        return True
    if len(stripped.split()) <= 20 and AUTHOR_BOX.match(stripped):
        return True
    return bool(BYLINE.match(stripped)) and not stripped.endswith((".", "?", "!", "\"", "”"))


def _ends_in_abbreviation(text: str) -> bool:
    word = re.search(r"(\S+)\.$", text)
    if not word:
        return False
    token = word.group(1).lstrip("\"“‘'([").lower()
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()) or bool(re.fullmatch(r"(\w\.)+\w", token))


_STARTERS = {"The", "But", "And", "He", "She", "It", "They", "We", "I", "In", "On", "A", "An", "This", "That",
             "These", "Those", "There", "Its", "His", "Her", "Their", "However", "Meanwhile", "Yet", "So"}


def _starts_sentence(line: str, at: int) -> bool:
    """After an abbreviation such as "U.S.", a word like "The" still starts a new sentence."""
    word = re.match(r"[\"“‘'(\[]?(\w+)", line[at:])
    return bool(word) and word.group(1) in _STARTERS


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``, with offsets into it. Lines are never joined (news text puts
    paragraphs, headlines and captions on lines of their own); boilerplate lines are left out."""
    out = []
    offset = 0
    for line in text.splitlines(keepends=True):
        line_start, offset = offset, offset + len(line)
        if is_boilerplate(line):
            continue
        line = _CREDIT.sub("", line)  # "... © Mark Schiefelbein/AP": a photo credit, not text
        start = 0
        for match in _BOUNDARY.finditer(line):
            candidate = line[start:match.end(1)]
            if match.group(1) == "." and _ends_in_abbreviation(candidate) and not _starts_sentence(line, match.end()):
                continue
            out.append((line_start + start, candidate))
            start = match.end()
        out.append((line_start + start, line[start:]))
    sentences = []
    for begin, chunk in out:
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            sentences.append(Sentence(stripped, begin + lead, begin + lead + len(stripped)))
    return sentences
