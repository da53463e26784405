"""The methodical audit of an organisation (seed 001, «методический аудит»): its result in each
audit campaign, criterion by criterion, with the experts' recommendations, and the history
between audits."""

from __future__ import annotations

from dataclasses import dataclass

from metodset.accounts.models import Organization

from ..models import Campaign, Criterion, Item, Review
from .campaigns import item_result


@dataclass(frozen=True)
class CriterionLine:
    title: str
    median: float
    max_score: float
    failed: bool


@dataclass(frozen=True)
class Audit:
    item: Item
    campaign: Campaign
    median_total: float | None  # per cent of the maximum; None until the reviews are in
    criteria: list[CriterionLine]
    recommendations: list[str]
    change: float | None  # against the audit before, percentage points


def organization_audits(organization: Organization, *, limit: int = 20) -> list[Audit]:
    """The organisation's audits, newest first (each against the one before it)."""
    items = list(
        Item.objects.filter(organization=organization, campaign__kind=Campaign.Kind.AUDIT)
        .exclude(status=Item.Status.WITHDRAWN)
        .select_related("campaign__rubric")
        .order_by("-campaign__created_at", "-pk")[:limit]
    )
    audits = []
    for item in items:
        result = item_result(item)
        titles = {
            c.pk: (c.title, c.max_score)
            for c in Criterion.objects.filter(rubric=item.campaign.rubric)
        }
        lines = []
        if result is not None:
            for line in result.criteria:
                title, max_score = titles.get(int(line.key), ("", 0))
                lines.append(CriterionLine(title, line.median, max_score, line.failed))
        recommendations = [
            text
            for text in Review.objects.filter(
                item=item, version=item.version, status=Review.Status.SUBMITTED
            )
            .order_by("number")
            .values_list("recommendations", flat=True)
            if text
        ]
        audits.append(
            Audit(
                item=item,
                campaign=item.campaign,
                median_total=None if result is None else result.median_total,
                criteria=lines,
                recommendations=recommendations,
                change=None,
            )
        )
    for n, audit in enumerate(audits[:-1]):
        before = audits[n + 1].median_total
        if audit.median_total is not None and before is not None:
            audits[n] = Audit(**{**audit.__dict__, "change": audit.median_total - before})
    return audits
