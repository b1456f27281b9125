"""Article analysis: split an article into sentences, find every actor mention, classify each
mention with the sentence model (in batches) and aggregate per actor, with the evidence."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .actors import ActorFinder, Mention
from .article_relations import ActorRelation, article_relations
from .labels import LABELS
from .sentences import split_sentences
from .verdict import mean_scores, verdict


@dataclass(frozen=True)
class Evidence:
    """One classified mention: the sentence (and where it starts in the article), the mention as
    written, its offsets in the article (end exclusive), the label and the probabilities."""

    def marked_sentence(self, limit: int | None = None) -> str:
        """The sentence with the scored mention marked as <<mention>>; with limit, cut to about
        that many characters around the mention."""
        a, b = self.start - self.sentence_start, self.end - self.sentence_start
        text = f"{self.sentence[:a]}<<{self.sentence[a:b]}>>{self.sentence[b:]}"
        if limit is None or len(text) <= limit:
            return text
        lo = max(0, min(a - limit // 3, len(text) - limit))
        hi = lo + limit
        return ("..." if lo else "") + text[lo:hi].strip() + ("..." if hi < len(text) else "")

    sentence: str
    sentence_index: int
    sentence_start: int
    mention: str
    start: int
    end: int
    label: str
    score: float
    scores: dict[str, float]


@dataclass(frozen=True)
class ActorStance:
    """What one article says about one actor.

    stance: the article verdict of ``stance.verdict.verdict``: the majority of the mentions'
    labels, supportive, critical, neutral, or mixed when supportive and critical tie;
    confidence: the mean probability of that verdict's label(s) over the mentions. net: mean P(supportive)
    minus mean P(critical) over the mentions, from -1 (all critical) to 1 (all supportive).
    """

    actor: str
    kind: str
    aliases_seen: list[str]
    mentions: int
    supportive: int
    critical: int
    neutral: int
    stance: str
    confidence: float
    net: float
    mean_scores: dict[str, float]
    evidence: list[Evidence] = field(repr=False)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ArticleReport:
    """Per-actor stance in one article, actors with the most mentions first; text is the
    article itself, model and backend what scored it (for the HTML view); relations: who
    supports or criticises whom (stance.article_relations), None when not asked for."""

    article: str
    sentences: int
    actors: list[ActorStance]
    text: str = field(default="", repr=False)
    model: str = ""
    backend: str = ""
    relations: list[ActorRelation] | None = field(default=None, repr=False)

    def __getitem__(self, actor: str) -> ActorStance:
        for a in self.actors:
            if a.actor == actor:
                return a
        raise KeyError(f"{actor!r} is not among this article's actors: {', '.join(a.actor for a in self.actors)}")

    def to_dict(self) -> dict:
        out = {"article": self.article, "sentences": self.sentences, "model": self.model, "backend": self.backend,
               "actors": [a.to_dict() for a in self.actors]}
        if self.relations is not None:
            out["relations"] = [r.to_dict() for r in self.relations]
        return out

    def relation_rows(self) -> list[dict]:
        """One flat row per reported relation (source -> target); empty when none were asked for."""
        return [r.row(self.article) for r in self.relations or []]

    def to_html(self, title: str | None = None) -> str:
        """One self-contained HTML page: the text with every mention marked, the actor table."""
        from .report_html import to_html

        return to_html([self], title or f"stance: {self.article}")

    def _repr_html_(self) -> str:  # Jupyter shows the report as its page
        return self.to_html()

    def to_frame(self):
        """The per-actor rows (``rows()``) as a pandas DataFrame (pip install stance[data])."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("to_frame needs pandas: pip install 'stance[data]'") from None
        return pd.DataFrame(self.rows())

    def rows(self) -> list[dict]:
        """One flat row per actor (the CSV output)."""
        return [{"article": self.article, "actor": a.actor, "kind": a.kind, "aliases_seen": "; ".join(a.aliases_seen),
                 "mentions": a.mentions, "supportive": a.supportive, "critical": a.critical, "neutral": a.neutral,
                 "stance": a.stance, "confidence": round(a.confidence, 4), "net": round(a.net, 4),
                 **{f"mean_p_{k}": round(v, 4) for k, v in a.mean_scores.items()}} for a in self.actors]

    def table(self, evidence: int = 1) -> str:
        """A readable summary: one line per actor, and its strongest non-neutral evidence."""
        lines = [f"{self.article}: {self.sentences} sentences, {len(self.actors)} actors"]
        if not self.actors:
            return lines[0]
        width = max(len(a.actor) for a in self.actors)
        lines.append(f"  {'actor':<{width}}  {'stance':<10}  {'conf':>4}  {'net':>5}  {'n':>3}  {'sup':>3}  {'crit':>4}  "
                     f"{'neu':>3}  aliases")
        for a in self.actors:
            lines.append(f"  {a.actor:<{width}}  {a.stance:<10}  {a.confidence:>4.2f}  {a.net:>+5.2f}  {a.mentions:>3}  "
                         f"{a.supportive:>3}  {a.critical:>4}  {a.neutral:>3}  {', '.join(a.aliases_seen)}")
            for e in strongest(a.evidence, evidence):
                lines.append(f"  {'':<{width}}    {e.label} {e.score:.2f}: {e.marked_sentence(limit=110)}")
        if self.relations is not None:
            lines += ["", f"relations (source -> target): {len(self.relations)}"]
            for r in self.relations:
                lines.append(f"  {r.source} -> {r.target}: {r.stance} (net {r.net:+.2f}; {r.supportive} supportive, "
                             f"{r.critical} critical, {r.neutral} neutral)")
                for e in strongest(r.evidence, evidence):
                    lines.append(f"      {e.label} {e.score:.2f}: {e.marked_sentence(limit=110)}")
        return "\n".join(lines)


def strongest(evidence: list, n: int) -> list:
    """The n supportive or critical readings (Evidence or RelationEvidence) with the highest scores."""
    return sorted((e for e in evidence if e.label != "neutral"), key=lambda e: -e.score)[:n]


def _loaded(model, loader):
    """A loaded model as it is; a folder (str or path) or None through ``loader``."""
    return loader(model) if model is None or isinstance(model, str) or hasattr(model, "__fspath__") else model


def aggregate(found: list[tuple[Mention, Evidence]]) -> list[ActorStance]:
    """Per-actor summaries of classified mentions."""
    groups: dict[str, list[tuple[Mention, Evidence]]] = {}
    for mention, ev in found:
        groups.setdefault(mention.actor, []).append((mention, ev))
    out = []
    for actor, items in groups.items():
        evidence = [ev for _, ev in items]
        counts = {label: sum(e.label == label for e in evidence) for label in LABELS}
        means = mean_scores([e.scores for e in evidence])
        judged = verdict([e.scores for e in evidence])
        out.append(ActorStance(
            actor=actor, kind=items[0][0].kind, aliases_seen=sorted({m.text for m, _ in items}),
            mentions=len(items), supportive=counts["supportive"], critical=counts["critical"],
            neutral=counts["neutral"], stance=judged.stance, confidence=judged.confidence,
            net=means["supportive"] - means["critical"],
            mean_scores=means, evidence=evidence))
    return sorted(out, key=lambda a: (-a.mentions, a.actor))


def analyze(text: str, actors: dict[str, list[str]] | list[str] | None = None, *, discover: bool = True,
            model=None, batch_size: int = 32, article: str = "text", finder: ActorFinder | None = None,
            relations: bool = True, relation_model=None) -> ArticleReport:
    """Stance toward every actor an article mentions.

    actors: your own actors, ``{"Russia": ["Moscow", "Kremlin"]}`` or a list of names; they
    are found besides the automatically discovered ones (states, organisations, persons)
    unless ``discover=False``. model: a loaded model or a model folder (default: the shipped
    model). finder: a prepared ActorFinder, to reuse over many articles. relations: also read
    who supports or criticises whom, for every two actors named in one sentence, with
    ``relation_model`` (a loaded relation model or folder; default the shipped one).
    """
    from .api import load

    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if isinstance(actors, (list, tuple)):
        actors = {name: [] for name in actors}
    if actors is not None and not isinstance(actors, dict):
        raise TypeError(f"actors must be a dict of name -> aliases or a list of names, got {type(actors).__name__}")
    finder = finder or ActorFinder(actors, discover=discover)
    model = _loaded(model, load)
    sentences = split_sentences(text)
    mentions = finder.find([s.text for s in sentences])
    items = [(i, m) for i, found in enumerate(mentions) for m in found]
    predictions = model.predict([sentences[i].text for i, _ in items], [m.text for _, m in items],
                                span=[(m.start, m.end) for _, m in items], batch_size=batch_size) if items else []
    found = []
    for (i, m), p in zip(items, predictions):
        s = sentences[i]
        found.append((m, Evidence(sentence=s.text, sentence_index=i, sentence_start=s.start, mention=m.text,
                                  start=s.start + m.start,
                                  end=s.start + m.end, label=p.label, score=p.score, scores=dict(p.scores))))
    between = None
    if relations:
        from .relations import load_relations

        between = article_relations(sentences, mentions, _loaded(relation_model, load_relations), batch_size=batch_size)
    return ArticleReport(article=article, sentences=len(sentences), actors=aggregate(found), text=text,
                         model=getattr(model, "name", type(model).__name__), backend=getattr(model, "runtime", ""),
                         relations=between)
