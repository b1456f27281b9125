"""Relations in an article: for every ordered pair of actors named in one sentence, the
relation model's reading of who supports or criticises whom, summed over the article."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .actors import Mention
from .labels import LABELS
from .verdict import mean_scores


@dataclass(frozen=True)
class RelationEvidence:
    """One sentence's relation of the source toward the target: the sentence, the two mentions
    as written with their offsets in the article (end exclusive), the label and probabilities
    (the mean over the mention pairs when an actor is named twice in the sentence)."""

    sentence: str
    sentence_index: int
    sentence_start: int
    source_mention: str
    source_start: int
    source_end: int
    target_mention: str
    target_start: int
    target_end: int
    label: str
    score: float
    scores: dict[str, float]

    def marked_sentence(self, limit: int | None = None) -> str:
        """The sentence with the source marked [[source]] and the target <<target>>."""
        spans = sorted([(self.source_start, self.source_end, "[[", "]]"),
                        (self.target_start, self.target_end, "<<", ">>")], reverse=True)
        text = self.sentence
        for start, end, opening, closing in spans:
            a, b = start - self.sentence_start, end - self.sentence_start
            text = f"{text[:a]}{opening}{text[a:b]}{closing}{text[b:]}"
        if limit is None or len(text) <= limit:
            return text
        return text[:limit].rstrip() + "..."


@dataclass(frozen=True)
class ActorRelation:
    """How one actor treats another over an article: one reading per sentence that names both.

    stance: the more frequent of supportive and critical among those sentences, or mixed when
    they tie (only pairs with at least one of them are reported); net: mean P(supportive)
    minus mean P(critical) over the sentences, from -1 to 1.
    """

    source: str
    target: str
    sentences: int
    supportive: int
    critical: int
    neutral: int
    stance: str
    net: float
    mean_scores: dict[str, float]
    evidence: list[RelationEvidence] = field(repr=False)

    def to_dict(self) -> dict:
        return asdict(self)

    def row(self, article: str) -> dict:
        return {"article": article, "source": self.source, "target": self.target, "sentences": self.sentences,
                "supportive": self.supportive, "critical": self.critical, "neutral": self.neutral,
                "stance": self.stance, "net": round(self.net, 4)}


def sentence_pairs(mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Every ordered pair of mentions of two different actors in one sentence."""
    return [(a, b) for a in mentions for b in mentions
            if a.actor != b.actor and (a.end <= b.start or b.end <= a.start)]


JUDGED = (LABELS.index("critical"), LABELS.index("supportive"))  # label positions of a stance


def article_relations(sentences, mentions: list[list[Mention]], model, batch_size: int = 32) -> list[ActorRelation]:
    """The relations of an article whose sentences and per-sentence mentions are given, read by
    a relation model; pairs with no supportive or critical sentence are left out."""
    items = [(i, a, b) for i, found in enumerate(mentions) for a, b in sentence_pairs(found)]
    if not items:
        return []
    probs = model.predict_proba([(sentences[i].text, b.start, b.end, a.start, a.end) for i, a, b in items],
                                batch_size=batch_size)
    per_sentence: dict[tuple[str, str], dict[int, list]] = {}
    for (i, a, b), p in zip(items, probs):
        per_sentence.setdefault((a.actor, b.actor), {}).setdefault(i, []).append((a, b, p))
    out = []
    for (source, target), by_sentence in per_sentence.items():
        evidence = []
        for i, readings in sorted(by_sentence.items()):
            s, (a, b, _) = sentences[i], max(readings, key=lambda r: max(r[2][k] for k in JUDGED))  # shown mentions
            scores = mean_scores([dict(zip(LABELS, p)) for _, _, p in readings])
            label = max(LABELS, key=scores.__getitem__)
            evidence.append(RelationEvidence(
                sentence=s.text, sentence_index=i, sentence_start=s.start, source_mention=a.text,
                source_start=s.start + a.start, source_end=s.start + a.end, target_mention=b.text,
                target_start=s.start + b.start, target_end=s.start + b.end, label=label,
                score=scores[label], scores=scores))
        counts = {lab: sum(e.label == lab for e in evidence) for lab in LABELS}
        if not counts["supportive"] and not counts["critical"]:
            continue
        means = mean_scores([e.scores for e in evidence])
        stance = ("mixed" if counts["supportive"] == counts["critical"]
                  else max(("supportive", "critical"), key=counts.__getitem__))
        out.append(ActorRelation(source=source, target=target, sentences=len(evidence),
                                 supportive=counts["supportive"], critical=counts["critical"],
                                 neutral=counts["neutral"], stance=stance,
                                 net=means["supportive"] - means["critical"], mean_scores=means,
                                 evidence=evidence))
    return sorted(out, key=lambda r: (-(r.supportive + r.critical), -abs(r.net), r.source, r.target))
