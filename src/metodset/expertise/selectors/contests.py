"""Reads of contests: the entries, the ranking per nomination, the lists a person sees.

The ranking is ``aggregation.rank`` on the jury's submitted reviews of each entry's current
version: higher median total, then higher trimmed mean, then the criteria's medians (critical
criteria first, then the rest in the rubric's order); what still ties shares the place
(1, 2, 2, 4); an entry failing a critical criterion comes after all the others and gets no
prize. An entry with no submitted review yet has no place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, QuerySet

from metodset.accounts.models import User

from .. import aggregation
from ..aggregation import Award, AwardRule, ItemResult
from ..models import Contest, ContestDiploma, Item, Nomination, Review, ReviewScore


@dataclass(frozen=True)
class Standing:
    """An entry's line in its nomination's ranking."""

    item: Item
    place: int | None  # None: not reviewed yet
    shared: bool
    award: Award
    result: ItemResult | None

    @property
    def median_total(self) -> float | None:
        return None if self.result is None else self.result.median_total

    @property
    def trimmed_mean_total(self) -> float | None:
        return None if self.result is None else self.result.trimmed_mean_total

    @property
    def reviews(self) -> int:
        return 0 if self.result is None else self.result.reviews

    @property
    def failed_critical(self) -> bool:
        return self.result is not None and bool(self.result.failed_critical)


@dataclass(frozen=True)
class NominationRanking:
    nomination: Nomination
    standings: list[Standing]


def award_rule(contest: Contest) -> AwardRule:
    """1st place wins; places 2 … ``prize_places`` make prize-winners; the rest take part."""
    return AwardRule(winner_places=1, prize_places=max(contest.prize_places - 1, 0))


def contest_entries(contest: Contest) -> QuerySet[Item]:
    """The contest's entries (withdrawn ones left out), by nomination, oldest first."""
    return (
        Item.objects.filter(campaign_id=contest.campaign_id)
        .exclude(status=Item.Status.WITHDRAWN)
        .select_related("nomination")
        .prefetch_related("authors__user", "versions")
        .order_by("nomination__order", "nomination_id", "created_at", "pk")
    )


def _criteria(contest: Contest) -> list[aggregation.Criterion]:
    return [
        aggregation.Criterion(
            key=c.pk,
            max_score=c.max_score,
            weight=c.weight,
            critical=c.critical,
            pass_score=c.pass_score if c.critical else None,
            title=c.title,
        )
        for c in contest.campaign.rubric.criteria.order_by("order", "pk")
    ]


def _submitted_reviews(
    items: list[Item], keys: set[aggregation.Key]
) -> dict[int, list[aggregation.Review]]:
    """item id → its submitted reviews of the current version with a score on every criterion."""
    by_review: dict[int, dict[aggregation.Key, float]] = defaultdict(dict)
    item_of: dict[int, int] = {}
    rows = ReviewScore.objects.filter(
        review__item__in=items,
        review__status=Review.Status.SUBMITTED,
        review__version=F("review__item__version"),
    ).values_list("review_id", "review__item_id", "criterion_id", "score")
    for review_id, item_id, criterion_id, score in rows:
        by_review[review_id][criterion_id] = float(score)
        item_of[review_id] = item_id
    reviews: dict[int, list[aggregation.Review]] = defaultdict(list)
    for review_id in sorted(by_review):
        scores = by_review[review_id]
        if keys <= scores.keys():
            reviews[item_of[review_id]].append(aggregation.Review(scores=scores))
    return reviews


def contest_rank(*, contest: Contest) -> list[NominationRanking]:
    """Places per nomination by the stated rule (the module docstring), best first."""
    criteria = _criteria(contest)
    items = list(contest_entries(contest))
    reviews = _submitted_reviews(items, {c.key for c in criteria})
    rule = award_rule(contest)
    rankings = []
    for nomination in contest.nominations.order_by("order", "pk"):
        entries = [item for item in items if item.nomination_id == nomination.pk]
        results = {
            item.pk: aggregation.aggregate(reviews[item.pk], criteria)
            for item in entries
            if reviews.get(item.pk) and criteria
        }
        by_pk = {item.pk: item for item in entries}
        placements = aggregation.rank(
            (aggregation.Entry.from_result(pk, result, criteria) for pk, result in results.items()),
            awards=rule,
        )
        standings = [
            Standing(
                item=by_pk[int(p.key)],
                place=p.place,
                shared=p.shared,
                award=p.award,
                result=results[int(p.key)],
            )
            for p in placements
        ]
        standings += [
            Standing(item=item, place=None, shared=False, award=Award.PARTICIPANT, result=None)
            for item in entries
            if item.pk not in results
        ]
        rankings.append(NominationRanking(nomination=nomination, standings=standings))
    return rankings


def open_reviews(contest: Contest) -> int:
    """The jury's reviews of current versions still to be submitted."""
    return Review.objects.filter(
        item__campaign_id=contest.campaign_id,
        item__in=contest_entries(contest),
        status__in=Review.OPEN,
        version=F("item__version"),
    ).count()


def entries_count(contest: Contest) -> int:
    return contest_entries(contest).count()


def entries_by_nomination(contest: Contest) -> list[tuple[Nomination, list[Item]]]:
    items = list(contest_entries(contest))
    return [
        (nomination, [item for item in items if item.nomination_id == nomination.pk])
        for nomination in contest.nominations.order_by("order", "pk")
    ]


def my_entries(*, contest: Contest, user: User) -> QuerySet[Item]:
    return contest_entries(contest).filter(authors__user=user).distinct()


def diplomas_of(contest: Contest) -> QuerySet[ContestDiploma]:
    return ContestDiploma.objects.filter(contest=contest).select_related(
        "item", "user", "certificate"
    )
