"""Reads of rubrics for the editor's pages and the campaign form: the latest versions with
their size and where they are used, one rubric's criteria and its versions."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum

from ..models import Campaign, Criterion, DefenceScore, ReviewScore, Rubric, Section


def latest_rubrics(rubrics: QuerySet[Rubric]) -> QuerySet[Rubric]:
    """Of ``rubrics``, the versions no newer version replaced."""
    return rubrics.filter(next_version__isnull=True)


def rubric_choices(network_ids: Iterable[int], *, keep: int | None = None) -> QuerySet[Rubric]:
    """What a campaign may be run on: the templates and the latest versions of the networks'
    rubrics, the templates first; ``keep`` (the campaign's rubric) stays offered even when
    a newer version replaced it."""
    offered = Q(network__isnull=True) | Q(network_id__in=list(network_ids))
    return Rubric.objects.filter((offered & Q(next_version__isnull=True)) | Q(pk=keep)).order_by(
        F("network_id").asc(nulls_last=True), "title", "-version"
    )


def rubrics_for_list(
    rubrics: QuerySet[Rubric], *, campaign_network_ids: Iterable[int]
) -> QuerySet[Rubric]:
    """The latest versions with ``criteria_count``, ``max_total`` (Σ weight × maximum) and
    ``used_by``: the campaigns of the given networks run on that version. Three queries,
    whatever the number of rubrics."""
    used = (
        Campaign.objects.filter(network_id__in=list(campaign_network_ids))
        .only("pk", "title", "status", "rubric_id")
        .order_by("-pk")
    )
    return (
        latest_rubrics(rubrics)
        .select_related("network")
        .annotate(
            criteria_count=Count("criteria"),
            max_total=Sum(F("criteria__weight") * F("criteria__max_score")),
        )
        .prefetch_related(Prefetch("campaigns", queryset=used, to_attr="used_by"))
        .order_by(F("network_id").asc(nulls_first=True), "title", "pk")
    )


def rubric_criteria(rubric: Rubric) -> list[Criterion]:
    """The rubric's criteria in order, with their descriptors, and ``level_rows``: a
    ``(score, text)`` for each score from 0 to the maximum ("" where none is written)."""
    criteria = list(rubric.criteria.prefetch_related("descriptors").order_by("order", "pk"))
    for criterion in criteria:
        texts = {d.score: d.text for d in criterion.descriptors.all()}
        criterion.level_rows = [  # type: ignore[attr-defined]
            (score, texts.get(score, "")) for score in range(criterion.max_score + 1)
        ]
    return criteria


def rubric_is_frozen(rubric: Rubric) -> bool:
    """Whether a campaign works with the rubric already: frozen when a campaign opened, used by
    a campaign past its draft (contests and calls for papers open at once) or by a conference
    section, or scored by an expert or a juror."""
    if rubric.frozen_at is not None:
        return True
    if rubric.campaigns.exclude(status=Campaign.Status.DRAFT).exists():
        return True
    if Section.objects.filter(rubric=rubric).exists():
        return True
    criteria = rubric.criteria.values("pk")
    return (
        ReviewScore.objects.filter(criterion__in=criteria).exists()
        or DefenceScore.objects.filter(criterion__in=criteria).exists()
    )


def max_total(criteria: Iterable[Criterion]) -> int:
    return sum(c.weight * c.max_score for c in criteria)


def rubric_versions(rubric: Rubric) -> list[Rubric]:
    """Every version of the rubric, from the first to the latest (a query a version: a rubric
    has a few)."""
    older: list[Rubric] = []
    current = rubric
    while current.previous_id is not None:
        found = Rubric.objects.filter(pk=current.previous_id).first()
        if found is None:
            break
        older.append(found)
        current = found
    newer: list[Rubric] = []
    current = rubric
    while (following := Rubric.objects.filter(previous=current).first()) is not None:
        newer.append(following)
        current = following
    return [*reversed(older), rubric, *newer]


def rubric_campaigns(rubric: Rubric, *, network_ids: Iterable[int]) -> QuerySet[Campaign]:
    """The campaigns of the given networks run on this version."""
    return rubric.campaigns.filter(network_id__in=list(network_ids)).order_by("-pk")
