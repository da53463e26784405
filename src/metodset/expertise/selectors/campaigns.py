"""Reads of campaigns for the coordinator: progress and stalls, items with their reviews, and
results with the agreement between experts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from .. import aggregation, agreement
from ..models import Campaign, Criterion, Decision, Item, Review

_ACTIVE = Q(items__reviews__status__in=Review.ACTIVE)
_HANDED_IN = ~Q(items__status=Item.Status.DRAFT)  # a draft is its authors' alone


def campaigns_with_progress(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """Each campaign with ``item_count``, ``reviews_total`` (active reviews), ``reviews_done``
    (submitted) and ``overdue`` (unfinished past their deadline): one query."""
    now = timezone.now()
    return campaigns.select_related("network", "organization").annotate(
        item_count=Count("items", filter=_HANDED_IN, distinct=True),
        reviews_total=Count("items__reviews", filter=_ACTIVE, distinct=True),
        reviews_done=Count(
            "items__reviews",
            filter=Q(items__reviews__status=Review.Status.SUBMITTED),
            distinct=True,
        ),
        overdue=Count(
            "items__reviews",
            filter=Q(items__reviews__status__in=Review.OPEN, items__reviews__due_at__lt=now),
            distinct=True,
        ),
    )


def campaign_with_progress(*, campaign: Campaign) -> Campaign:
    """The campaign, already let in through an access helper, again with the counts of
    ``campaigns_with_progress``."""
    return campaigns_with_progress(Campaign.objects.filter(pk=campaign.pk)).get()


def campaign_items(campaign: Campaign) -> QuerySet[Item]:
    """The campaign's items handed in (no drafts) with their active reviews' counts and
    authors."""
    now = timezone.now()
    return (
        campaign.items.exclude(status=Item.Status.DRAFT)
        .annotate(
            reviews_total=Count("reviews", filter=Q(reviews__status__in=Review.ACTIVE)),
            reviews_done=Count("reviews", filter=Q(reviews__status=Review.Status.SUBMITTED)),
            overdue=Count(
                "reviews", filter=Q(reviews__status__in=Review.OPEN, reviews__due_at__lt=now)
            ),
        )
        .prefetch_related("authors__user")
        .order_by("pk")
    )


def stalled_reviews(campaign: Campaign) -> QuerySet[Review]:
    """Unfinished reviews past their deadline, and the declined ones nobody took over."""
    return (
        Review.objects.filter(item__campaign=campaign, status__in=Review.OPEN)
        .filter(due_at__lt=timezone.now())
        .select_related("item", "expert")
        .order_by("due_at", "pk")
    )


def short_items(campaign: Campaign) -> list[Item]:
    """Items under review with fewer active reviews than the campaign asks for (a decline
    nobody could take over)."""
    if campaign.status != Campaign.Status.REVIEWING:
        return []
    return [
        item
        for item in campaign_items(campaign).filter(status=Item.Status.REVIEWING)
        if item.reviews_total < campaign.reviews_per_item  # type: ignore[attr-defined]
    ]


def item_reviews(item: Item) -> QuerySet[Review]:
    """Every review of the item, each version, with the expert and scores."""
    return (
        item.reviews.select_related("expert")
        .prefetch_related("scores__criterion")
        .order_by("-version", "number", "pk")
    )


def item_decisions(item: Item) -> QuerySet[Decision]:
    return item.decisions.select_related("decided_by")


def rubric_criteria(campaign: Campaign) -> list[aggregation.Criterion]:
    return [
        aggregation.Criterion(
            key=c.pk,
            max_score=c.max_score,
            weight=c.weight,
            critical=c.critical,
            pass_score=c.pass_score if c.critical else None,
            title=c.title,
        )
        for c in Criterion.objects.filter(rubric_id=campaign.rubric_id).order_by("order", "pk")
    ]


def _as_review(review: Review) -> aggregation.Review:
    verdict = aggregation.Verdict(review.verdict) if review.verdict else None
    return aggregation.Review(
        scores={s.criterion_id: s.score for s in review.scores.all()}, verdict=verdict
    )


def _submitted(items: list[Item]) -> dict[int, list[aggregation.Review]]:
    versions = {item.pk: item.version for item in items}
    reviews: dict[int, list[aggregation.Review]] = defaultdict(list)
    for review in (
        Review.objects.filter(item__in=items, status=Review.Status.SUBMITTED)
        .prefetch_related("scores")
        .order_by("number", "pk")
    ):
        if review.version == versions[review.item_id]:
            reviews[review.item_id].append(_as_review(review))
    return reviews


def _spread(campaign: Campaign) -> aggregation.SpreadRule:
    limit = campaign.spread_limit
    return aggregation.SpreadRule(total=None if limit is None else float(limit))


def _complete(reviews: list[aggregation.Review], criteria: list[aggregation.Criterion]) -> bool:
    return bool(reviews) and all(all(c.key in r.scores for c in criteria) for r in reviews)


def item_result(item: Item) -> aggregation.ItemResult | None:
    """The item's result from the submitted reviews of its current version; None without."""
    criteria = rubric_criteria(item.campaign)
    reviews = _submitted([item])[item.pk]
    if not _complete(reviews, criteria):
        return None
    return aggregation.aggregate(reviews, criteria, spread=_spread(item.campaign))


@dataclass(frozen=True)
class ResultRow:
    item: Item
    result: aggregation.ItemResult | None


@dataclass(frozen=True)
class CampaignResults:
    rows: list[ResultRow]
    criteria: list[aggregation.Criterion]
    by_criterion: list[tuple[aggregation.Criterion, agreement.Agreement]]
    overall: agreement.Agreement


def campaign_results(campaign: Campaign) -> CampaignResults:
    """Each item's result and the agreement between experts, per criterion and overall."""
    criteria = rubric_criteria(campaign)
    items = list(
        campaign.items.exclude(status__in=[Item.Status.WITHDRAWN, Item.Status.DRAFT])
        .prefetch_related("authors__user")
        .order_by("pk")
    )
    submitted = _submitted(items)
    rows = []
    for item in items:
        reviews = submitted[item.pk]
        result = (
            aggregation.aggregate(reviews, criteria, spread=_spread(campaign))
            if _complete(reviews, criteria)
            else None
        )
        rows.append(ResultRow(item, result))
    units = [submitted[item.pk] for item in items if _complete(submitted[item.pk], criteria)]
    per_criterion = agreement.criterion_agreement(units, criteria)
    return CampaignResults(
        rows=rows,
        criteria=criteria,
        by_criterion=[(c, per_criterion[c.key]) for c in criteria],
        overall=agreement.campaign_agreement(units, criteria),
    )


def review_prefetch() -> Prefetch[Any]:
    return Prefetch("reviews", queryset=Review.objects.select_related("expert"))
