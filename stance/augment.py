"""Actor substitution: training rows whose person mention is replaced by a state, a capital
used for the state, an organisation or a group, so that a model trained on person-only data
(NewsMTSC) keeps its judgement when the actor is not a person."""

from __future__ import annotations

import random
from dataclasses import replace

from .data import Row

NON_PERSON_ACTORS = {
    "state": ["Russia", "China", "the United States", "Ukraine", "Germany", "France", "Iran", "Turkey", "India",
              "Japan", "Israel", "Saudi Arabia", "North Korea", "Britain", "Poland", "Brazil", "Mexico", "Canada",
              "Syria", "Venezuela", "Taiwan", "Hungary", "Pakistan", "Egypt", "South Africa", "Belarus"],
    "capital": ["Moscow", "Beijing", "Washington", "Kyiv", "Berlin", "Paris", "Tehran", "Ankara", "London",
                "Brussels", "Tokyo", "Pyongyang", "the Kremlin", "the White House", "Downing Street"],
    "organisation": ["NATO", "the European Union", "the EU", "the United Nations", "the UN", "the Pentagon",
                     "the World Health Organization", "the IMF", "the WTO", "OPEC", "the Federal Reserve",
                     "the State Department", "Congress", "the Senate", "the Supreme Court", "Gazprom", "Huawei",
                     "Hamas", "the Taliban", "the European Commission"],
    "group": ["Chinese companies", "Russian oligarchs", "the Democrats", "the Republicans", "Western governments",
              "the rebels", "Ukrainian forces", "the protesters", "European leaders", "the unions"],
}
_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "they", "them", "their", "it", "its", "i", "me", "my",
             "we", "us", "our", "you", "your", "himself", "herself"}


def substitutable(row: Row) -> bool:
    """A mention that is a whole name (capitalised, not a pronoun, no capitalised word right
    before or after it: "Hillary [Clinton]" or "[Hillary] Clinton" would break), so that
    another actor's name can take its place."""
    mention = row.text[row.start:row.end]
    before = row.text[:row.start].split()[-1:] or [""]
    after = row.text[row.end:].split()[:1] or [""]
    if before[0][:1].isupper() and not before[0].endswith((".", ":")) or after[0][:1].isupper():
        return False
    if row.start > 0 and (row.text[row.start - 1].isalnum() or row.text[row.end:row.end + 1].isalnum()):
        return False
    return mention[:1].isupper() and mention.lower() not in _PRONOUNS


def substitute_actors(rows: list[Row], fraction: float, seed: int) -> list[Row]:
    """New rows: a ``fraction`` of the substitutable rows, each with its mention replaced by a
    randomly chosen non-person actor (label kept). The originals are not changed."""
    if not 0 <= fraction <= 1:
        raise ValueError(f"actor_substitution must be between 0 and 1, got {fraction}")
    rng = random.Random(seed)
    actors = [a for names in NON_PERSON_ACTORS.values() for a in names]
    out = []
    for row in rows:
        if not substitutable(row) or rng.random() >= fraction:
            continue
        actor = rng.choice(actors)
        at_start = row.start == 0 or row.text[:row.start].rstrip().endswith((".", "\"", "“"))
        if at_start and actor.startswith("the "):
            actor = "The " + actor[4:]
        rest = row.text[row.end:]
        if actor.endswith("s") and rest[:2] in ("'s", "’s"):
            rest = rest[1:]  # "the Republicans'" rather than "the Republicans's"
        text = row.text[:row.start] + actor + rest
        out.append(replace(row, text=text, actor=actor, end=row.start + len(actor),
                           record={**row.record, "augmented": "actor_substitution"}))
    return out
