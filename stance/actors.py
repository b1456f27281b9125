"""Actor resolution: which actors a sentence mentions, and where, with every name an actor goes
by merged into one ("Moscow", "the Kremlin" and "Russian" are Russia; a later "Lavrov" is
"Sergei Lavrov"). Rules and a gazetteer by default; spaCy NER when asked for and installed."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .gazetteer import AMBIGUOUS_NAMES, STATE_EXTRAS, US_STATE_HOMONYMS, build_gazetteer
from .matching import whole_word

TITLES = {
    "President", "Vice", "Prime", "Minister", "Foreign", "Defence", "Defense", "Secretary", "Chancellor", "Premier",
    "Senator", "Sen.", "Rep.", "Representative", "Gov.", "Governor", "General", "Gen.", "Mr.", "Mrs.", "Ms.", "Dr.",
    "Mr", "Mrs", "Ms", "Dr", "King", "Queen", "Prince", "Princess", "Pope", "Ambassador", "Spokesman",
    "Spokeswoman", "Spokesperson", "Chairman", "Chairwoman", "Director", "Deputy", "State", "Leader", "Supreme",
    "Commander", "Chief", "Lieutenant", "Colonel", "Mayor", "Judge", "Justice", "Speaker", "Sheikh", "Emir",
    "Attorney", "Treasury", "Finance", "Interior", "Trade", "Health", "Economy", "Former", "Then", "Acting",
    "Assistant", "Envoy", "Special", "Senior", "Cardinal", "Bishop", "Archbishop", "Crown", "Sir", "Lord", "Dame",
    "Professor", "Prof.", "Officer", "Admiral", "Marshal", "Captain", "Sergeant", "Ayatollah", "Rev.", "Reverend",
    "Secretary-General", "Director-General", "Prime-Minister", "Vice-President", "Commander-in-Chief",
}
_NOT_NAME = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Ministry",
    "Department", "Council", "Committee", "Union", "Party", "Republic", "Federation", "Government", "University",
    "Organization", "Organisation", "Agency", "Bank", "Fund", "Court", "House", "Senate", "Parliament", "Assembly",
    "Army", "Navy", "Force", "Forces", "Office", "Times", "Post", "News", "Journal", "Daily", "Street", "Square",
    "Sea", "River", "Ocean", "Island", "Islands", "Airlines", "Group", "Company", "Corp", "Inc", "Press", "Service",
    "Television", "TV", "Radio", "War", "World", "Day", "Cup", "Games", "International", "National", "Democratic",
    "Republican", "Democrats", "Republicans", "Communist", "Socialist", "Western", "Eastern", "Northern",
    "Southern", "North", "South", "East", "West", "Central", "New", "Europe", "European", "Asia", "Asian", "Africa",
    "African", "Middle", "Get", "Stay", "Follow", "Share", "Read", "More", "Additional", "The", "A", "An", "In",
    "On", "At", "As", "After", "Before", "Despite", "Regarding", "According", "Even", "Meanwhile", "Yet", "But",
    "And", "All", "Both", "So", "Efforts", "It", "He", "She", "They", "We", "I", "This", "That", "Covid",
    "Coronavirus", "Christmas", "Easter", "God", "Internet", "Facebook", "Twitter", "Google", "Olympic",
    "Olympics", "Affairs", "Security", "Relations", "Policy", "Institute", "Center", "Centre", "Foundation",
    "Association", "Commission", "Conference", "Summit", "Treaty", "Act", "Bill", "Law", "Constitution", "Post",
    "Airport", "Hospital", "Church", "Mosque", "Palace", "Hall", "Tower", "Road", "Avenue", "Bridge", "Park",
}
_PARTICLES = {"de", "van", "von", "bin", "al", "el", "la", "le", "da", "di", "del", "du", "der", "den", "ter", "dos"}
_CAP = r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-öø-ÿā-ž]+(?:[-'’](?![sS]\b)[A-ZÀ-ÖØ-ÞĀ-Ža-zà-öø-ÿā-ž]+)*\.?|[A-Z]\."
_NAME_RUN = re.compile(rf"(?<![\w-])(?:{_CAP})(?:\s+(?:(?:{'|'.join(_PARTICLES)})\s+)?(?:{_CAP}))*")


@dataclass(frozen=True)
class Mention:
    """One mention of an actor in a sentence: the actor's name, its kind (state, organisation,
    person, or user for a user-given actor), the text as written and its offsets in the sentence."""

    actor: str
    kind: str
    text: str
    start: int
    end: int


@functools.lru_cache(maxsize=4096)
def known_names(actor: str) -> tuple[str, ...]:
    """The gazetteer's other names for an actor (its display name, short names, demonyms,
    capitals and seats): ("United States", "U.S.", "US", "America", "Washington", ...) for
    "United States" or for "U.S."; () for a name the gazetteer does not know."""
    key = actor.strip()
    entries = _gazetteer()
    entry = next((e for e in entries if key == e.name or key in e.aliases), None)
    if entry is None:
        folded = key.casefold()
        entry = next((e for e in entries if folded == e.name.casefold()
                      or folded in (a.casefold() for a in e.aliases)), None)
    if entry is None:
        return ()
    return tuple(n for n in dict.fromkeys([entry.name, *entry.aliases]) if n != key)


def is_us_state(sentence: str, name: str) -> bool:
    """True when ``name`` ("Georgia", "Washington") is the US state in this sentence: a US
    context word is near and no word of the country's own context is."""
    us, home = US_STATE_HOMONYMS[name]

    def has(words: set[str]) -> bool:
        return any(re.search(whole_word(w), sentence) for w in words)

    return has(us) and not has(home)


@functools.lru_cache(maxsize=1)
def _gazetteer():
    return tuple(build_gazetteer())


def parse_actor_spec(spec: str) -> tuple[str, list[str]]:
    """``"Russia=Moscow,Kremlin"`` -> ("Russia", ["Moscow", "Kremlin"]); ``"NATO"`` -> ("NATO", [])."""
    name, _, aliases = spec.partition("=")
    name = name.strip()
    if not name:
        raise ValueError(f"actor spec {spec!r}: the name before '=' is empty")
    return name, [a.strip() for a in aliases.split(",") if a.strip()]


class ActorFinder:
    """Finds actor mentions in the sentences of one article.

    actors: the user's own actors, ``{"Russia": ["Moscow", "Kremlin"]}`` (a name with no
    aliases: an empty list). A user actor that the gazetteer knows (by any of its names) also
    gets the gazetteer's names. discover: also find the gazetteer's states and organisations
    and person names; with False only the user's actors are found. backend: "rules", or
    "spacy" to find person names with an installed spaCy pipeline (spacy_model).
    """

    def __init__(self, actors: dict[str, list[str]] | None = None, discover: bool = True,
                 backend: str = "rules", spacy_model: str = "en_core_web_sm"):
        if backend not in ("rules", "spacy"):
            raise ValueError(f"backend must be 'rules' or 'spacy', got {backend!r}")
        if not discover and not actors:
            raise ValueError("with discover=False, give the actors to look for")
        self.discover = discover
        self._nlp = _load_spacy(spacy_model) if backend == "spacy" else None
        gazetteer = build_gazetteer()
        by_alias = {alias: entry for entry in gazetteer for alias in entry.aliases}
        demonyms = {d for _, _, dems, _ in STATE_EXTRAS.values() for d in dems} | {"European", "Western"}
        names: dict[str, tuple[str, str, int]] = {}  # alias -> (actor, kind, priority)
        if discover:
            for entry in gazetteer:
                for alias in entry.aliases:
                    names.setdefault(alias, (entry.name, entry.kind, 1))
        for name, aliases in (actors or {}).items():
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"actor names must be non-empty strings, got {name!r}")
            if isinstance(aliases, str) or not all(isinstance(a, str) and a.strip() for a in aliases):
                raise ValueError(f"aliases of {name!r} must be a list of non-empty strings, got {aliases!r}")
            known = by_alias.get(name) or next((by_alias[a] for a in aliases if a in by_alias), None)
            for alias in [name, *aliases, *(known.aliases if known else [])]:
                names[alias] = (name, "user", 0)
        self._names = names
        self._demonyms = demonyms
        ordered = sorted(names, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(a) for a in ordered) + r")(?![\w])")
        self._known_tokens = {tok for alias in names for tok in alias.split()}

    # -- one sentence ------------------------------------------------------------------
    def _gazetteer_mentions(self, sentence: str) -> list[tuple[int, Mention]]:
        found = []
        for m in self._pattern.finditer(sentence):
            alias = m.group(0)
            actor, kind, priority = self._names[alias]
            if priority and not self._stands_alone(sentence, m.start(), m.end(), alias):
                continue
            found.append((priority, Mention(actor, kind, alias, m.start(), m.end())))
        return found

    def _stands_alone(self, sentence: str, start: int, end: int, alias: str) -> bool:
        """A gazetteer name that is part of a longer proper name ("Washington Post", "Jordan
        Peterson") is not a mention of the state."""
        if alias in self._demonyms:
            return True
        after = re.match(r"\s+([A-Z][\w.]*)", sentence[end:])
        if after and after.group(1) not in TITLES and not after.group(1).isupper():
            return False
        if re.search(r"\bNew\s+$", sentence[:start]):
            return False  # New Mexico, New Jersey
        if alias in AMBIGUOUS_NAMES:
            before = re.search(r"([A-Z][\w.]*)\s+$", sentence[:start])
            if before and before.group(1) not in TITLES:
                return False
        if alias in US_STATE_HOMONYMS and is_us_state(sentence, alias):
            return False
        return True

    def _person_candidates(self, sentence: str) -> list[tuple[int, int]]:
        """(start, end) of runs of capitalised words that look like a person's name."""
        if self._nlp is not None:
            return [(e.start_char, e.end_char) for e in self._nlp(sentence).ents if e.label_ == "PERSON"]
        spans = []
        for m in _NAME_RUN.finditer(sentence):
            tokens = [(t.start() + m.start(), t.end() + m.start()) for t in re.finditer(r"\S+", m.group(0))]
            titled = False
            while tokens and self._not_name(sentence[tokens[0][0]:tokens[0][1]]):
                titled = sentence[tokens[0][0]:tokens[0][1]] in TITLES or titled
                tokens.pop(0)
            while tokens and self._not_name(sentence[tokens[-1][0]:tokens[-1][1]]):
                tokens.pop()
            if any(self._not_name(sentence[a:b]) for a, b in tokens):
                continue  # "Wang Yi Ministry": a name inside an institution's name
            if len(tokens) >= 2 or (tokens and titled):
                start, end = tokens[0][0], tokens[-1][1]
                if sentence[end - 1] == "." and not re.fullmatch(r"[A-Z]\.", sentence[start:end][-2:]):
                    end -= 1
                spans.append((start, end))
        return spans

    def _not_name(self, token: str) -> bool:
        bare = token.rstrip(".") if len(token) > 2 else token
        known = (token in self._known_tokens or bare in self._known_tokens) and bare not in AMBIGUOUS_NAMES
        return (token in TITLES or bare in TITLES or bare in _NOT_NAME or known or token.lower() in _PARTICLES
                or token.isupper() and len(token) > 2)

    # -- one article -------------------------------------------------------------------
    def find(self, sentences: list[str]) -> list[list[Mention]]:
        """The mentions in each sentence of one article, in text order, overlapping ones resolved
        (user actors first, then the longest name). Surname-only mentions are joined to a full
        name found anywhere in the same article."""
        if isinstance(sentences, str):
            raise TypeError("find() takes the list of an article's sentences, not one str")
        per_sentence = [self._gazetteer_mentions(s) for s in sentences]
        if self.discover:
            candidates = [self._person_candidates(s) for s in sentences]
            full_names = [s[a:b] for s, spans in zip(sentences, candidates) for a, b in spans if " " in s[a:b]]
            canonical: dict[str, str] = {}
            for name in full_names:  # a surname stands for the longest full name that ends in it
                key = name.split()[-1]
                if len(name) > len(canonical.get(key, "")):
                    canonical[key] = name
            firsts: dict[str, set[str]] = {}
            for name in canonical.values():  # "Wang" for "Wang Yi", when no other full name starts so
                firsts.setdefault(name.split()[0], set()).add(name)
            for first, names in firsts.items():
                if len(names) == 1 and first not in canonical and not first.endswith("."):
                    canonical[first] = next(iter(names))
            for i, (sentence, spans) in enumerate(zip(sentences, candidates)):
                for a, b in spans:
                    text = sentence[a:b]
                    actor = canonical.get(text.split()[-1], text)
                    per_sentence[i].append((2, Mention(actor, "person", text, a, b)))
            if canonical:
                names = sorted(canonical, key=len, reverse=True)
                surname = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(k) for k in names) + r")(?![\w])")
                for i, sentence in enumerate(sentences):
                    for m in surname.finditer(sentence):
                        per_sentence[i].append((3, Mention(canonical[m.group(0)], "person", m.group(0), m.start(), m.end())))
        return [_resolve_overlaps(found) for found in per_sentence]


def _resolve_overlaps(found: list[tuple[int, Mention]]) -> list[Mention]:
    kept: list[Mention] = []
    for _, mention in sorted(found, key=lambda pm: (pm[0], -(pm[1].end - pm[1].start), pm[1].start)):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def _load_spacy(model: str):
    try:
        import spacy
    except ImportError:
        raise ImportError("backend='spacy' needs spaCy and an installed pipeline: pip install spacy "
                          "(and the pipeline's wheel); the default backend='rules' needs neither") from None
    try:
        return spacy.load(model, disable=["parser", "lemmatizer"])
    except OSError:
        raise ImportError(f"spaCy pipeline {model!r} is not installed; nothing is downloaded at run time") from None
