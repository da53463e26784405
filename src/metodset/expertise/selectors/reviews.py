"""Reads of the expert's and the author's side: the queue, the rubric as the form shows it, the
suggested verdict, the items open for bids, an item's history, and the conclusion as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import pgettext_lazy

from metodset.accounts.models import User

from .. import aggregation
from ..conclusions import Conclusion, ConclusionCriterion, anonymised_expert
from ..models import (
    Bid,
    Campaign,
    Conference,
    Criterion,
    Decision,
    ExpertProfile,
    Item,
    ItemVersion,
    Review,
    ReviewScore,
    Rubric,
)

Verdict = aggregation.Verdict
BIDS_SHOWN = 20
# What the conclusion prints as the kind of one object (the campaign's kinds are plural).
OBJECT_KINDS: dict[str, Any] = {
    Campaign.Kind.PRODUCTS: pgettext_lazy(
        "object of expertise", "Trainee's methodical development"
    ),
    Campaign.Kind.MATERIALS: pgettext_lazy("object of expertise", "Methodical material"),
    Campaign.Kind.PROGRAMS: pgettext_lazy(
        "object of expertise", "Educational or development programme"
    ),
    Campaign.Kind.AUDIT: pgettext_lazy("object of expertise", "Organisation (methodical audit)"),
    Campaign.Kind.CONTEST: pgettext_lazy("object of expertise", "Contest entry"),
    Campaign.Kind.CONFERENCE: pgettext_lazy("object of expertise", "Conference paper"),
    Campaign.Kind.ARTICLES: pgettext_lazy("object of expertise", "Article"),
}


def criteria_of(rubric: Rubric) -> list[Criterion]:
    """The rubric's criteria in order, each with its level descriptors."""
    return list(rubric.criteria.order_by("order", "pk").prefetch_related("descriptors"))


def scores_of(review: Review) -> dict[int, ReviewScore]:
    return {score.criterion_id: score for score in review.scores.all()}


def _plain(criteria: list[Criterion]) -> list[aggregation.Criterion]:
    return [
        aggregation.Criterion(
            key=c.pk,
            max_score=c.max_score,
            weight=c.weight,
            critical=c.critical,
            pass_score=c.pass_score,
            title=c.title,
        )
        for c in criteria
    ]


def total_of(criteria: list[Criterion], scores: dict[int, int]) -> aggregation.ReviewTotal:
    """The weighted total of a complete set of scores (ValueError when one is missing)."""
    plain: dict[aggregation.Key, float] = {k: float(v) for k, v in scores.items()}
    return aggregation.review_total(aggregation.Review(scores=plain), _plain(criteria))


def suggested_verdict(
    rubric: Rubric, criteria: list[Criterion], scores: dict[int, int]
) -> Verdict | None:
    """The rubric's verdict for these scores: a failed critical criterion is «не рекомендовано»
    whatever the total; else the total against the rubric's thresholds. None until every
    criterion is scored."""
    if not criteria or any(c.pk not in scores for c in criteria):
        return None
    try:
        total = total_of(criteria, scores)
    except ValueError:
        return None
    if total.failed_critical:
        return Verdict.NOT_RECOMMENDED
    if total.percent >= rubric.recommend_from:
        return Verdict.RECOMMENDED
    if total.percent >= rubric.revise_from:
        return Verdict.REVISE
    return Verdict.NOT_RECOMMENDED


# --- the expert's queue ---------------------------------------------------------------------


def queue(reviews: QuerySet[Review]) -> dict[str, list[Review]]:
    """The expert's reviews in three lists: to do (nearest deadline first, drafts among them),
    submitted, and declined or withdrawn. One query."""
    rows = reviews.select_related("item__campaign").order_by(
        "due_at", "item__campaign__title", "pk"
    )
    now = timezone.now()
    lists: dict[str, list[Review]] = {"open": [], "done": [], "gone": []}
    for review in rows:
        review.overdue = review.status in Review.OPEN and bool(  # type: ignore[attr-defined]
            review.due_at and review.due_at < now
        )
        if review.status in Review.OPEN:
            lists["open"].append(review)
        elif review.status == Review.Status.SUBMITTED:
            lists["done"].append(review)
        else:
            lists["gone"].append(review)
    lists["done"].sort(key=lambda r: r.submitted_at or now, reverse=True)
    return lists


def biddable_items(expert: User) -> list[Item]:
    """Items of campaigns still collecting items, in networks where the person is an expert and
    where experts review, not their own, each with ``my_bid`` (a level or None). Two queries."""
    networks = ExpertProfile.objects.filter(user=expert, available=True).values("network_id")
    items = list(
        Item.objects.filter(
            campaign__network_id__in=networks,
            campaign__status=Campaign.Status.OPEN,
            campaign__pool__in=[Campaign.Pool.EXPERTS, Campaign.Pool.BOTH],
        )
        .exclude(authors__user=expert)
        .exclude(status__in=[Item.Status.WITHDRAWN, Item.Status.DRAFT])
        .select_related("campaign")
        .prefetch_related(Prefetch("bids", queryset=Bid.objects.filter(expert=expert)))
        .order_by("campaign__title", "pk")[:BIDS_SHOWN]
    )
    for item in items:
        bids = list(item.bids.all())
        item.my_bid = bids[0].level if bids else None  # type: ignore[attr-defined]
    return items


def week_section_facts(person: User) -> dict[str, Any] | None:
    """What the home page says to an expert — how many reviews wait, the nearest deadline, how
    many are drafts — and to an author, how many of their works are under expertise. Two
    queries; None when there is neither."""
    facts = Review.objects.filter(expert=person, status__in=Review.OPEN).aggregate(
        waiting=Count("pk"),
        drafts=Count("pk", filter=Q(status=Review.Status.DRAFT)),
        nearest=Min("due_at"),
        overdue=Count("pk", filter=Q(due_at__lt=timezone.now())),
    )
    facts["returned"] = (
        Item.objects.filter(authors__user=person, status=Item.Status.REVISION).distinct().count()
    )
    facts["authored"] = facts["returned"] or Item.objects.filter(authors__user=person).exists()
    if not facts["waiting"] and not facts["authored"]:
        return None
    return facts


# --- the author's side --------------------------------------------------------------------


def authored(items: QuerySet[Item]) -> list[Item]:
    """The author's works, drafts first, then the newest handed in."""
    found = list(items.select_related("campaign").order_by("-created_at", "-pk"))
    return sorted(found, key=lambda item: item.status != Item.Status.DRAFT)


def draft_version(item: Item) -> ItemVersion:
    """A draft's one version: its text, link and file as last saved."""
    return item.versions.get(number=1)


@dataclass(frozen=True)
class Inclusion:
    """Where an accepted work went: ``where`` is "proceedings" (with the conference's title),
    "library", or "" while it is not included yet."""

    where: str = ""
    title: str = ""


def item_inclusion(item: Item) -> Inclusion:
    """An accepted paper of a conference's call is in its proceedings; an accepted article is
    in the proceedings it was included in, or in the library (``article_include``). A library
    material examined in a campaign came from the library and is not «included» again."""
    if item.status != Item.Status.ACCEPTED:
        return Inclusion()
    conference = (
        Conference.objects.filter(Q(articles=item) | Q(call_for_papers_id=item.campaign_id))
        .order_by("pk")
        .first()
    )
    if conference is not None:
        return Inclusion("proceedings", conference.title)
    if item.material_id is not None and item.campaign.kind != Campaign.Kind.MATERIALS:
        return Inclusion("library")
    return Inclusion()


@dataclass
class VersionHistory:
    version: ItemVersion
    reviews: list[Review] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


def history(item: Item) -> list[VersionHistory]:
    """Each version of the item, newest first, with its submitted conclusions and decisions."""
    versions = {v.number: VersionHistory(v) for v in item.versions.order_by("-number")}
    submitted = (
        item.reviews.filter(status=Review.Status.SUBMITTED)
        .select_related("expert")
        .order_by("number", "pk")
    )
    for review in submitted:
        if review.version in versions:
            versions[review.version].reviews.append(review)
    for decision in item.decisions.order_by("-decided_at", "-pk"):
        if decision.version in versions:
            versions[decision.version].decisions.append(decision)
    return list(versions.values())


def author_names(item: Item) -> str:
    names = []
    for author in item.authors.select_related("user").order_by("pk"):
        names.append(
            author.user.get_full_name() or author.user.email if author.user else author.name
        )
    return ", ".join(names)


def _conclusion_rows(
    criteria: list[Criterion], scores: dict[int, ReviewScore]
) -> list[ConclusionCriterion]:
    rows = []
    for criterion in criteria:
        score = scores.get(criterion.pk)
        value = score.score if score else 0
        levels = {d.score: d.text for d in criterion.descriptors.all()}
        rows.append(
            ConclusionCriterion(
                title=criterion.title,
                score=value,
                max_score=criterion.max_score,
                weight=criterion.weight,
                level=levels.get(value, ""),
                reasoning=score.comment if score else "",
                critical=criterion.critical,
            )
        )
    return rows


def _expert_as_printed(review: Review, *, hide: bool) -> tuple[str, str]:
    """The expert's name and competence, or «Эксперт N» and nothing."""
    if hide:
        return anonymised_expert(review.number), ""
    profile = ExpertProfile.objects.filter(
        user=review.expert, network=review.item.campaign.network_id
    ).first()
    name = review.expert.get_full_name() or review.expert.email
    return name, profile.competence if profile else ""


def conclusion_of(review: Review, *, hide_expert: bool, hide_authors: bool) -> Conclusion:
    """The review as the regulated conclusion's data; with ``hide_expert`` «Эксперт N» without
    competence, with ``hide_authors`` the authors hidden."""
    item = review.item
    campaign = item.campaign
    rubric = campaign.rubric
    criteria = criteria_of(rubric)
    scores = scores_of(review)
    total = total_of(criteria, {k: s.score for k, s in scores.items()})
    expert_name, competence = _expert_as_printed(review, hide=hide_expert)
    when = timezone.localtime(review.submitted_at or timezone.now())
    return Conclusion(
        object_title=item.title,
        object_kind=str(OBJECT_KINDS.get(campaign.kind, campaign.get_kind_display())),
        authors=None if hide_authors else author_names(item),
        campaign=campaign.title,
        rubric=rubric.title,
        rubric_version=rubric.version,
        expert_name=expert_name,
        expert_competence=competence,
        total_points=total.points,
        max_points=total.max_points,
        total_percent=total.percent,
        verdict=str(Verdict(review.verdict).label) if review.verdict else "",
        date=formats.date_format(when, "DATE_FORMAT"),
        version=review.version,
        criteria=_conclusion_rows(criteria, scores),
        strengths=review.strengths,
        shortcomings=review.shortcomings,
        recommendations=review.recommendations,
    )
