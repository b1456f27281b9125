"""Article verdicts: one stance per actor from all its mentions.

The shipped rule (``verdict``) is the majority of the mentions' labels (each mention's label
is the most probable of its three):

- the label most of the actor's mentions have wins, neutral included, so one lukewarm
  supportive mention among several neutral ones leaves the article neutral;
- **mixed** when supportive and critical mentions tie for the most (a one-to-one tie is mixed,
  not one side); a tie that includes neutral is **neutral**;
- confidence: the mean probability of the verdict's label over the mentions (for mixed, of
  supportive and critical together), from 0 to 1.

It was chosen among the candidates in ``RULES`` by agreement with hand-labelled articles
(training/compare_verdict_rules.py; the selection rule and the figures are in
docs/experiments.md): 69.5% against 64.9% for the rule before (any supportive or critical
mention beats any number of neutral ones). Rules on the mean probabilities with a margin and
a "mixed" floor agreed less, because their mixed verdict fired too often.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

MARGIN = 0.2
MIXED_FLOOR = 0.25


@dataclass(frozen=True)
class Verdict:
    """An actor's article-level stance and how sure the rule is (0 to 1)."""

    stance: str
    confidence: float


def mean_scores(scores: Sequence[dict[str, float]]) -> dict[str, float]:
    """Mean probability of each label over the mentions' score dicts."""
    if not scores:
        raise ValueError("an actor needs at least one mention")
    return {label: sum(s[label] for s in scores) / len(scores) for label in ("supportive", "critical", "neutral")}


def verdict(scores: Sequence[dict[str, float]]) -> Verdict:
    """The article-level stance of one actor from its mentions' probabilities: ``majority``."""
    return majority(scores)


def net_margin(scores: Sequence[dict[str, float]], margin: float = MARGIN, mixed_floor: float = MIXED_FLOOR) -> Verdict:
    """Mean probabilities with a margin: mixed when mean P(supportive) and mean P(critical) are
    both at least mixed_floor; else supportive / critical when their difference (net) is at
    least margin either way; else neutral. Confidence as in ``majority``."""
    m = mean_scores(scores)
    if m["supportive"] >= mixed_floor and m["critical"] >= mixed_floor:
        return Verdict("mixed", m["supportive"] + m["critical"])
    net = m["supportive"] - m["critical"]
    if net >= margin:
        return Verdict("supportive", m["supportive"])
    if net <= -margin:
        return Verdict("critical", m["critical"])
    return Verdict("neutral", m["neutral"])


def any_mention(scores: Sequence[dict[str, float]]) -> Verdict:
    """The rule before: any supportive or critical mention beats any number of neutral ones; the
    more frequent direction wins, a tie going to the larger summed probability."""
    labels = [max(s, key=s.get) for s in scores]
    sup, crit = labels.count("supportive"), labels.count("critical")
    m = mean_scores(scores)
    if not sup and not crit:
        return Verdict("neutral", m["neutral"])
    if sup != crit:
        stance = "supportive" if sup > crit else "critical"
    else:
        stance = "supportive" if m["supportive"] >= m["critical"] else "critical"
    return Verdict(stance, m[stance])


def majority(scores: Sequence[dict[str, float]]) -> Verdict:
    """The most frequent mention label, neutral included; a tie between directions is mixed,
    a tie with neutral is neutral."""
    labels = [max(s, key=s.get) for s in scores]
    counts = {lab: labels.count(lab) for lab in ("supportive", "critical", "neutral")}
    top = max(counts.values())
    winners = [lab for lab, c in counts.items() if c == top]
    m = mean_scores(scores)
    if "neutral" in winners:
        return Verdict("neutral", m["neutral"])
    if len(winners) == 2:
        return Verdict("mixed", m["supportive"] + m["critical"])
    return Verdict(winners[0], m[winners[0]])


def mean_argmax(scores: Sequence[dict[str, float]]) -> Verdict:
    """The label with the highest mean probability (never mixed)."""
    m = mean_scores(scores)
    stance = max(m, key=m.get)
    return Verdict(stance, m[stance])


RULES: dict[str, Callable[[Sequence[dict[str, float]]], Verdict]] = {
    "any-mention (before)": any_mention,
    "majority": majority,
    "mean-argmax": mean_argmax,
    "net margin 0.1": lambda s: net_margin(s, margin=0.1),
    "net margin 0.2": net_margin,
    "net margin 0.3": lambda s: net_margin(s, margin=0.3),
}
