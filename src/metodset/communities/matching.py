"""The methodical plan against the measured deficits (seed 004, slide 11): pure, no database.

«Выявленные тенденции в профессиональном развитии | Темы методической работы | Выявленное
соответствие», filled from plain data. The decisions a methodist will ask about:

- *A measured deficit of the organisation* is a competency that at least ``SHARE_THRESHOLD``
  (30 %) of the teachers assessed in the latest campaign have as a deficit. A teacher's
  deficit is diagnostics' own (``CompetencyScore.deficit``: the level below the framework's
  threshold, ``diagnostics.scoring``). Diagnostics has no rule for an organisation; its heat
  maps show the share of people with a deficit, so the table uses that share, and about a
  third of the staff is taken as a tendency of the organisation rather than a few teachers'
  own gaps (those are for their routes). ``match`` takes another threshold if asked.
- *The trend* compares that share with the previous campaign's: growing or falling when it
  moved by more than ``TOLERANCE`` (5 percentage points, as the children's results' trends
  count a fall in per cent), stable otherwise, new when the previous campaign did not measure
  the competency (or there is no previous campaign).
- *The match*: a deficit is «соответствует» when at least one topic names its competency,
  «не охвачено планом» when none does; a topic that names no measured deficit (or no
  competency at all) is «тема без выявленного дефицита».
- Order: the biggest share first; equal shares keep the order they were given in (the
  framework's order, from the selector). Topics in the school year's order, September first.
- The draft of next year keeps the topics that matched a deficit and proposes one topic for
  each gap, in months spread over September–May, the biggest deficit first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

SHARE_THRESHOLD = 0.3
TOLERANCE = 0.05
_EPSILON = 1e-9  # shares are quotients: 0.35 - 0.30 must count as 0.05, not 0.0500000001

SCHOOL_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)
TEACHING_MONTHS = SCHOOL_MONTHS[:9]  # September–May: the summer is not planned


class Direction(StrEnum):
    GROWING = "growing"
    FALLING = "falling"
    STABLE = "stable"
    NEW = "new"


@dataclass(frozen=True)
class DeficitTrend:
    """A competency as the organisation's latest campaign measured it."""

    competency_id: int
    title: str
    area: str
    share: float  # of the teachers assessed, those with the deficit
    previous_share: float | None  # the same in the previous campaign; None: not measured
    assessed: int
    code: str = ""


@dataclass(frozen=True)
class Topic:
    """A topic of the plan with the competencies it develops."""

    topic_id: int
    title: str
    month: int
    competency_ids: frozenset[int]


@dataclass(frozen=True)
class Row:
    """A measured deficit, its trend and the topics that address it."""

    deficit: DeficitTrend
    direction: Direction
    change: float | None  # share now minus share before, when there is a before
    topics: tuple[Topic, ...]

    @property
    def matched(self) -> bool:
        return bool(self.topics)


@dataclass(frozen=True)
class Match:
    rows: tuple[Row, ...]
    unbacked: tuple[Topic, ...]  # topics that address no measured deficit
    threshold: float = SHARE_THRESHOLD
    tolerance: float = TOLERANCE

    @property
    def gaps(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if not row.matched)

    @property
    def matched_topic_ids(self) -> frozenset[int]:
        return frozenset(t.topic_id for row in self.rows for t in row.topics)


def school_month_index(month: int) -> int:
    """0 for September … 11 for August."""
    return (month - 9) % 12


def direction_of(
    share: float, previous: float | None, *, tolerance: float = TOLERANCE
) -> tuple[Direction, float | None]:
    if previous is None:
        return Direction.NEW, None
    change = share - previous
    if change > tolerance + _EPSILON:
        return Direction.GROWING, change
    if change < -tolerance - _EPSILON:
        return Direction.FALLING, change
    return Direction.STABLE, change


def _in_school_order(topics: Iterable[Topic]) -> list[Topic]:
    indexed = list(enumerate(topics))
    indexed.sort(key=lambda pair: (school_month_index(pair[1].month), pair[0]))
    return [topic for _, topic in indexed]


def match(
    trends: Sequence[DeficitTrend],
    topics: Sequence[Topic],
    *,
    threshold: float = SHARE_THRESHOLD,
    tolerance: float = TOLERANCE,
) -> Match:
    """The table: the measured deficits with their trends and topics, and the unbacked topics."""
    measured = [(index, t) for index, t in enumerate(trends) if t.assessed and t.share >= threshold]
    measured.sort(key=lambda pair: (-pair[1].share, pair[0]))
    ordered_topics = _in_school_order(topics)
    rows = []
    backed: set[int] = set()
    for _, trend in measured:
        direction, change = direction_of(trend.share, trend.previous_share, tolerance=tolerance)
        addressing = tuple(t for t in ordered_topics if trend.competency_id in t.competency_ids)
        backed.update(t.topic_id for t in addressing)
        rows.append(Row(trend, direction, change, addressing))
    unbacked = tuple(t for t in ordered_topics if t.topic_id not in backed)
    return Match(tuple(rows), unbacked, threshold=threshold, tolerance=tolerance)


@dataclass(frozen=True)
class ProposedTopic:
    """A topic for the gap in ``deficit``, in ``month``, that the methodist then edits."""

    deficit: DeficitTrend
    month: int


@dataclass(frozen=True)
class Draft:
    kept_topic_ids: tuple[int, ...]  # in the school year's order
    proposed: tuple[ProposedTopic, ...]


def draft_next(table: Match, *, keep_unbacked: bool = False) -> Draft:
    """Next year's plan: the topics that matched (and, with ``keep_unbacked``, the others too:
    when nothing was measured, nothing is known against them), and one proposal per gap,
    spread over September–May with the biggest deficit first."""
    seen: dict[int, tuple[int, int]] = {}
    for row in table.rows:
        for topic in row.topics:
            seen.setdefault(topic.topic_id, (school_month_index(topic.month), len(seen)))
    for topic in table.unbacked if keep_unbacked else ():
        seen.setdefault(topic.topic_id, (school_month_index(topic.month), len(seen)))
    kept = sorted(seen, key=seen.__getitem__)
    gaps = table.gaps
    months = TEACHING_MONTHS
    proposed = tuple(
        ProposedTopic(row.deficit, months[(i * len(months)) // len(gaps)])
        for i, row in enumerate(gaps)
    )
    return Draft(tuple(kept), proposed)
