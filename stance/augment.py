"""Actor substitution: training rows whose person mention is replaced by a state, a capital
used for the state, an organisation or a group, so that a model trained on person-only data
(NewsMTSC) keeps its judgement when the actor is not a person."""

from __future__ import annotations

import random
import re
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


# A state or organisation named only as the attribute of a person or office ("Russian President
# Vladimir Putin", "U.S. officials", "the White House press secretary"), or only as a place
# ("talks in Beijing", "returned to Germany"), is neutral under docs/annotation-guidelines.md,
# whatever the sentence says about others.
_ROLE = re.compile(
    r"\s+(?:(?:[Vv]ice |[Pp]rime |[Ff]oreign |[Dd]efen[cs]e |[Ff]inance |[Dd]eputy |[Tt]op |[Ss]enior |[Ff]ormer )?"
    r"(?:[Pp]resident|[Mm]inister|[Mm]inistry|[Cc]hancellor|[Pp]remier|[Ll]eader|[Ll]eadership|officials?|"
    r"[Cc]ounterparts?|[Aa]mbassador|[Ee]nvoy|[Ss]pokes(?:man|woman|person)|[Dd]iplomats?|[Ll]awmakers?|"
    r"[Ss]enators?|Sen\.|Rep\.|[Aa]gents?|[Dd]irector|[Cc]hief|[Ss]ecretary|[Pp]ress secretary|[Cc]hief of staff|"
    r"[Cc]ounsel|[Aa]dvis[eo]rs?|[Aa]ides?|[Ss]taffers?|[Ii]ntern|[Ll]awyers?|[Aa]ttorneys?|[Ee]mbassy|"
    r"[Cc]itizens?|[Nn]ationals?|[Cc]orrespondent|[Rr]eporters?|[Jj]ournalists?|[Ss]tudents?|[Ee]xplorer|"
    r"[Bb]usinessman|[Bb]illionaire|[Gg]eneral|[Cc]ommander|[Mm]onarch|[Kk]ing|[Qq]ueen|[Pp]rince)\b)")
_PLACE = re.compile(r"\b(?:in|to|from|at|across|throughout|visit|visits|visited|visiting|toured|returned to|"
                    r"trip to|flew to|traveled to|travelled to)\s+(?:the\s+)?$")


def context_neutral_rows(rows: list[Row], finder=None) -> list[Row]:
    """New neutral rows for states and organisations that the training sentences name only as a
    person's or office's attribute, or only as a place (one row per such mention; the
    sentence's own labelled row is kept as it is). Teaches a model trained on person targets
    that a sentence's sentiment does not spread to every actor it names."""
    from .actors import ActorFinder

    finder = finder or ActorFinder()
    seen, out = set(), []
    for row in rows:
        if row.text in seen:
            continue
        seen.add(row.text)
        for m in finder.find([row.text])[0]:
            if m.kind not in ("state", "organisation", "region"):
                continue
            if m.start < row.end and row.start < m.end:
                continue
            after, before = row.text[m.end:], row.text[:m.start]
            if after.startswith(("'s", "’s")):
                continue
            if _ROLE.match(after) or (_PLACE.search(before) and not re.match(r"\s*[-–]?\s*(?:based|backed|led)\b", after)):
                out.append(replace(row, actor=m.text, start=m.start, end=m.end, label="neutral",
                                   record={**row.record, "augmented": "context_neutral"}))
    return out
