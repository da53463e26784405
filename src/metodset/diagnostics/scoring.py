"""From indicator scores to competency levels and deficits: pure functions, no database.

The rule, written down because profiles, heat maps and routes all rest on it:

1. An indicator's level from one source is its value; several observation protocols of the
   same indicator are averaged first (each observer counts once).
2. An indicator's level is the weighted mean of its sources: self-assessment 1, test 1,
   expert observation 2 — what somebody saw at a lesson weighs more than what one says of
   oneself. A source that marked the indicator «не применимо» (None) is left out.
3. A competency's level is the mean of its indicators' levels; indicators nobody scored are
   left out. A competency without any scored indicator gets no level at all (it is not a
   deficit: there is nothing to say about it).
4. A competency is a deficit when its level is below the framework's threshold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

SOURCE_ORDER = ("self", "test", "observation")
SOURCE_WEIGHTS = {"self": 1.0, "test": 1.0, "observation": 2.0}


@dataclass(frozen=True)
class Score:
    """One indicator score as stored: ``observation`` tells protocols apart."""

    competency_id: int
    indicator_id: int
    source: str
    value: float | Decimal | None
    observation_id: int | None = None


@dataclass(frozen=True)
class Level:
    competency_id: int
    level: float
    deficit: bool
    sources: tuple[str, ...]


def indicator_levels(scores: Iterable[Score]) -> dict[int, tuple[int, float, frozenset[str]]]:
    """{indicator id: (competency id, level, sources used)} by rules 1 and 2."""
    per: dict[tuple[int, str], list[float]] = defaultdict(list)
    competency_of: dict[int, int] = {}
    for s in scores:
        competency_of[s.indicator_id] = s.competency_id
        if s.value is not None:
            per[(s.indicator_id, s.source)].append(float(s.value))
    weighted: dict[int, list[tuple[float, float, str]]] = defaultdict(list)
    for (indicator_id, source), values in per.items():
        weighted[indicator_id].append(
            (sum(values) / len(values), SOURCE_WEIGHTS.get(source, 1.0), source)
        )
    out = {}
    for indicator_id, parts in weighted.items():
        total = sum(w for _, w, _ in parts)
        level = sum(v * w for v, w, _ in parts) / total
        out[indicator_id] = (competency_of[indicator_id], level, frozenset(s for *_, s in parts))
    return out


def competency_levels(scores: Iterable[Score], *, threshold: float | Decimal) -> list[Level]:
    """The levels of the competencies that have any scored indicator, by rules 3 and 4."""
    threshold = float(threshold)
    by_competency: dict[int, list[float]] = defaultdict(list)
    sources: dict[int, set[str]] = defaultdict(set)
    for competency_id, level, used in indicator_levels(scores).values():
        by_competency[competency_id].append(level)
        sources[competency_id] |= used
    result = []
    for competency_id, levels in by_competency.items():
        level = round(sum(levels) / len(levels), 2)
        result.append(
            Level(
                competency_id=competency_id,
                level=level,
                deficit=level < threshold,
                sources=tuple(s for s in SOURCE_ORDER if s in sources[competency_id]),
            )
        )
    return sorted(result, key=lambda x: x.competency_id)


def severity(level: float, threshold: float | Decimal) -> float:
    """How far below the threshold a level is (0 when it is not a deficit)."""
    return max(0.0, round(float(threshold) - level, 2))
