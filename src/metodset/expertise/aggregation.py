"""One item's reviews made into a result, and a contest's results made into places.

The decisions methodists ask about (docs/features/expertise.md says the same in prose):

- A review's total is weighted: Σ weight × score over the criteria, shown as points and as a
  percentage of Σ weight × maximum. An item's total is the median of its reviews' totals (not
  the total of the criteria's medians), beside their trimmed mean.
- Trimmed mean («усечённое среднее»): with four or more reviews the single highest and the
  single lowest are dropped, as judges' scores are in sport; with two or three, the plain mean
  (dropping one of three would leave the median).
- A critical criterion («критический критерий») fails the item when the median of its scores
  is below its pass score: the verdict is «не рекомендовано» whatever the total. One expert's
  low score alone does not sink a work reviewed by three.
- Spread («расхождение»): the highest review total minus the lowest, in percentage points, and
  for each criterion its highest score minus its lowest, in points. Above the campaign's
  allowance (strictly above) the item needs an extra review.
- Suggested verdict: the median of the experts' verdicts ordered from the strictest; a review
  that itself fails a critical criterion votes «не рекомендовано». So a majority decides; with
  none, the middle opinion; an even split goes to the stricter side. The coordinator decides
  finally.
- Ranking (contests): higher median total, then higher trimmed mean, then the criteria's
  medians one by one — critical criteria first, then the rest, each in the rubric's order.
  Entries equal on all of these share a place («разделённое место») and the next place is
  skipped (1, 2, 2, 4). An entry failing a critical criterion is placed after all the others
  and gets no prize. Places make diplomas: first place the winner (победитель), the next two
  places prize-winners (призёр), the rest participants (участник); the counts are settings.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import pgettext_lazy

Key = int | str
_DIGITS = 9  # totals are compared after rounding, so 0.1 + 0.2 ties with 0.3


class Verdict(models.TextChoices):
    """The expert's conclusion; members run from the mildest to the strictest."""

    RECOMMENDED = "recommended", pgettext_lazy("expertise verdict", "recommended")
    REVISE = "revise", pgettext_lazy("expertise verdict", "recommended after revision")
    NOT_RECOMMENDED = "not_recommended", pgettext_lazy("expertise verdict", "not recommended")


_STRICTNESS = {verdict: index for index, verdict in enumerate(Verdict)}


class Award(models.TextChoices):
    """The degree of a contest diploma."""

    WINNER = "winner", pgettext_lazy("contest award", "winner")
    PRIZE_WINNER = "prize_winner", pgettext_lazy("contest award", "prize-winner")
    PARTICIPANT = "participant", pgettext_lazy("contest award", "participant")


@dataclass(frozen=True)
class Criterion:
    key: Key
    max_score: float
    weight: float = 1.0
    critical: bool = False
    pass_score: float | None = None  # a critical criterion's score below it fails the item
    title: str = ""

    def __post_init__(self) -> None:
        if self.max_score <= 0 or self.weight < 0:
            raise ValueError(f"criterion {self.key!r}: max_score > 0 and weight ≥ 0 required")


@dataclass(frozen=True)
class Review:
    """One submitted review: criterion key → score; the expert's verdict if they gave one."""

    scores: Mapping[Key, float]
    verdict: Verdict | None = None


@dataclass(frozen=True)
class ReviewTotal:
    points: float
    max_points: float
    percent: float
    failed_critical: tuple[Key, ...]


@dataclass(frozen=True)
class SpreadRule:
    """How far experts may differ before an item gets one more review; None: any distance."""

    total: float | None = None  # percentage points between the highest and the lowest total
    criterion: float | None = None  # points between one criterion's highest and lowest score


@dataclass(frozen=True)
class CriterionResult:
    key: Key
    scores: tuple[float, ...]
    median: float
    trimmed_mean: float
    spread: float
    too_wide: bool
    failed: bool  # critical and its median below the pass score


@dataclass(frozen=True)
class ItemResult:
    reviews: int
    max_points: float
    totals: tuple[float, ...]  # each review's total, percent, in the reviews' order
    median_total: float  # percent
    trimmed_mean_total: float  # percent
    spread: float  # percentage points; 0 with one review
    criteria: tuple[CriterionResult, ...]
    failed_critical: tuple[Key, ...]
    needs_extra_review: bool
    verdict: Verdict | None

    @property
    def median_points(self) -> float:
        return self.median_total * self.max_points / 100


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def trimmed_mean(values: Sequence[float]) -> float:
    """The mean without the single highest and lowest value when there are four or more."""
    ordered = sorted(values)
    if len(ordered) >= 4:
        ordered = ordered[1:-1]
    return float(statistics.fmean(ordered))


def review_total(review: Review, criteria: Sequence[Criterion]) -> ReviewTotal:
    points = max_points = 0.0
    failed: list[Key] = []
    for criterion in criteria:
        score = review.scores.get(criterion.key)
        if score is None or not 0 <= score <= criterion.max_score:
            raise ValueError(f"criterion {criterion.key!r}: score {score!r} is not on its scale")
        points += float(criterion.weight) * float(score)  # a model's Decimal, too
        max_points += float(criterion.weight) * float(criterion.max_score)
        if _fails(criterion, score):
            failed.append(criterion.key)
    percent = 100 * points / max_points if max_points else 0.0
    return ReviewTotal(points, max_points, percent, tuple(failed))


def _fails(criterion: Criterion, score: float) -> bool:
    return criterion.critical and criterion.pass_score is not None and score < criterion.pass_score


def suggest_verdict(
    votes: Iterable[Verdict | None], *, critical_failed: bool = False
) -> Verdict | None:
    """The median vote from the strictest side (an even split goes to the stricter)."""
    if critical_failed:
        return Verdict.NOT_RECOMMENDED
    ordered = sorted((v for v in votes if v is not None), key=_STRICTNESS.__getitem__, reverse=True)
    if not ordered:
        return None
    return ordered[(len(ordered) - 1) // 2]


def _criterion_result(
    criterion: Criterion, scores: tuple[float, ...], allowed: float | None
) -> CriterionResult:
    middle = median(scores)
    spread = max(scores) - min(scores)
    return CriterionResult(
        key=criterion.key,
        scores=scores,
        median=middle,
        trimmed_mean=trimmed_mean(scores),
        spread=spread,
        too_wide=allowed is not None and round(spread, _DIGITS) > allowed,
        failed=_fails(criterion, middle),
    )


def aggregate(
    reviews: Sequence[Review], criteria: Sequence[Criterion], *, spread: SpreadRule = SpreadRule()
) -> ItemResult:
    """The result of one item from its submitted reviews (at least one)."""
    if not reviews:
        raise ValueError("an item's result needs at least one review")
    totals = [review_total(review, criteria) for review in reviews]
    percents = tuple(total.percent for total in totals)
    results = tuple(
        _criterion_result(
            criterion, tuple(float(r.scores[criterion.key]) for r in reviews), spread.criterion
        )
        for criterion in criteria
    )
    failed = tuple(result.key for result in results if result.failed)
    total_spread = max(percents) - min(percents)
    too_wide = spread.total is not None and round(total_spread, _DIGITS) > spread.total
    votes = [
        Verdict.NOT_RECOMMENDED if total.failed_critical else review.verdict
        for review, total in zip(reviews, totals, strict=True)
    ]
    return ItemResult(
        reviews=len(reviews),
        max_points=totals[0].max_points,
        totals=percents,
        median_total=median(percents),
        trimmed_mean_total=trimmed_mean(percents),
        spread=total_spread,
        criteria=results,
        failed_critical=failed,
        needs_extra_review=len(reviews) >= 2
        and (too_wide or any(result.too_wide for result in results)),
        verdict=suggest_verdict(votes, critical_failed=bool(failed)),
    )


# --- contests ----------------------------------------------------------------------------


def tiebreak_order(criteria: Sequence[Criterion]) -> list[Criterion]:
    """Critical criteria first, then the others, each group in the rubric's order."""
    return [c for c in criteria if c.critical] + [c for c in criteria if not c.critical]


@dataclass(frozen=True)
class Entry:
    key: Key
    median_total: float
    trimmed_mean_total: float
    criterion_medians: tuple[float, ...] = ()  # in tiebreak_order
    failed_critical: bool = False

    @classmethod
    def from_result(cls, key: Key, result: ItemResult, criteria: Sequence[Criterion]) -> Entry:
        medians = {item.key: item.median for item in result.criteria}
        return cls(
            key=key,
            median_total=result.median_total,
            trimmed_mean_total=result.trimmed_mean_total,
            criterion_medians=tuple(medians[c.key] for c in tiebreak_order(criteria)),
            failed_critical=bool(result.failed_critical),
        )

    def standing(self) -> tuple[float, ...]:
        """What ranks the entry, bigger first; equal standings share a place."""
        measures = (self.median_total, self.trimmed_mean_total, *self.criterion_medians)
        return (0.0 if self.failed_critical else 1.0, *(round(m, _DIGITS) for m in measures))


@dataclass(frozen=True)
class AwardRule:
    winner_places: int = 1  # places 1 … winner_places: победитель
    prize_places: int = 2  # the next places: призёр

    def award(self, place: int, *, failed_critical: bool = False) -> Award:
        if failed_critical or place > self.winner_places + self.prize_places:
            return Award.PARTICIPANT
        return Award.WINNER if place <= self.winner_places else Award.PRIZE_WINNER


@dataclass(frozen=True)
class Placement:
    key: Key
    place: int
    shared: bool  # «разделённое место»: another entry has the same place
    award: Award
    entry: Entry = field(repr=False)


def rank(entries: Iterable[Entry], *, awards: AwardRule = AwardRule()) -> list[Placement]:
    """Places by the stated rule (the module docstring), best first; ties in input order."""
    ordered = sorted(entries, key=Entry.standing, reverse=True)
    standings = [entry.standing() for entry in ordered]
    places: list[int] = []
    for index, standing in enumerate(standings):
        same = index > 0 and standing == standings[index - 1]
        places.append(places[-1] if same else index + 1)
    sharing = Counter(places)
    return [
        Placement(
            key=entry.key,
            place=place,
            shared=sharing[place] > 1,
            award=awards.award(place, failed_critical=entry.failed_critical),
            entry=entry,
        )
        for entry, place in zip(ordered, places, strict=True)
    ]
