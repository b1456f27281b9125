"""The result type of stance.predict."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Prediction:
    """Stance of one sentence toward one actor mention.

    label: "supportive", "critical" or "neutral"; score: its probability;
    scores: the probability of each label; actor, mention, start, end: what was classified
    (mention is text[start:end]).
    """

    label: str
    score: float
    scores: dict
    actor: str
    mention: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return asdict(self)
