"""Reads for the methodical plan: its topics by month, the competencies to tag them with, and
the organisation's deficit trends the match table is computed from.

The trends are aggregates only, never names: one GROUP BY per campaign on ``CompetencyScore``
(count of people and of deficits per competency, read through the index
``competency_score_heatmap``), so the page costs the same for ten teachers and for thirty
thousand. The campaigns are the latest two *closed* ones that cover the organisation (its own,
or a network's it is a partner of) and have scores of its people; an open campaign is not yet a
result. The previous campaign's competencies are matched by code when it used another version
of the framework, as the heat maps do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.dates import MONTHS

from metodset.accounts.models import NetworkPartner, Organization, User
from metodset.diagnostics.heatmaps.grid import MIN_GROUP
from metodset.diagnostics.models import Campaign, Competency, CompetencyScore, Framework
from metodset.diagnostics.permissions import sees_names_in

from .. import matching
from ..matching import SCHOOL_MONTHS, DeficitTrend, Topic
from ..models import MethodicalPlan, PlanTopic


def campaigns_covering(organization: Organization) -> QuerySet[Campaign]:
    networks = NetworkPartner.objects.filter(organization=organization).values("network_id")
    return Campaign.objects.filter(Q(organization=organization) | Q(network_id__in=networks))


def trend_campaigns(organization: Organization) -> list[Campaign]:
    """The latest two closed campaigns with scores of the organisation's people, latest first."""
    scored = CompetencyScore.objects.filter(campaign=OuterRef("pk"), organization=organization)
    return list(
        campaigns_covering(organization)
        .filter(Exists(scored), status=Campaign.Status.CLOSED)
        .select_related("framework")
        .order_by("-ends_on", "-starts_on", "-pk")[:2]
    )


def _counts(campaign: Campaign, organization: Organization) -> dict[int, tuple[int, int]]:
    """{competency id: (people with a level, people with a deficit)}: the one GROUP BY."""
    rows = (
        CompetencyScore.objects.filter(campaign=campaign, organization=organization)
        .values("competency_id")
        .annotate(people=Count("pk"), deficits=Count("pk", filter=Q(deficit=True)))
        .values_list("competency_id", "people", "deficits")
        .order_by()
    )
    return {competency_id: (people, deficits) for competency_id, people, deficits in rows}


@dataclass(frozen=True)
class Trends:
    """What the match table is computed from, and what the page says about it."""

    campaign: Campaign | None
    previous: Campaign | None
    trends: list[DeficitTrend]
    assessed: int  # people assessed in the latest campaign (the most of any competency)
    hidden: bool = False  # too few people for a viewer who may not see them by name

    @property
    def measured(self) -> bool:
        """Is there anything to match the plan against? Without a campaign (or hidden from
        this viewer) every topic would look unbacked, which it is not known to be."""
        return self.campaign is not None and not self.hidden


def _previous_shares(
    previous: Campaign, campaign: Campaign, organization: Organization
) -> tuple[dict[int, float], int]:
    """{competency id of the latest framework: share} of the previous campaign."""
    counts = _counts(previous, organization)
    assessed = max((people for people, _ in counts.values()), default=0)
    if previous.framework_id != campaign.framework_id:
        old_codes = dict(
            Competency.objects.filter(framework_id=previous.framework_id).values_list("pk", "code")
        )
        new_ids = dict(
            Competency.objects.filter(framework_id=campaign.framework_id).values_list("code", "pk")
        )
        counts = {
            new_ids[old_codes[pk]]: value
            for pk, value in counts.items()
            if old_codes.get(pk) in new_ids
        }
    return {pk: deficits / people for pk, (people, deficits) in counts.items() if people}, assessed


def organization_trends(*, organization: Organization, viewer: User) -> Trends:
    """The organisation's deficit trends per competency of the latest campaign's framework."""
    campaigns = trend_campaigns(organization)
    if not campaigns:
        return Trends(None, None, [], 0)
    campaign = campaigns[0]
    counts = _counts(campaign, organization)
    assessed = max((people for people, _ in counts.values()), default=0)
    named = sees_names_in(viewer, organization.pk)
    if assessed < MIN_GROUP and not named:
        return Trends(campaign, None, [], assessed, hidden=True)
    previous = campaigns[1] if len(campaigns) > 1 else None
    before: dict[int, float] = {}
    if previous is not None:
        before, previous_assessed = _previous_shares(previous, campaign, organization)
        if previous_assessed < MIN_GROUP and not named:
            previous, before = None, {}
    competencies = Competency.objects.filter(
        framework_id=campaign.framework_id, pk__in=list(counts)
    ).order_by("area__order", "area_id", "order", "pk")
    trends = [
        DeficitTrend(
            competency_id=pk,
            title=title,
            area=area,
            share=counts[pk][1] / counts[pk][0],
            previous_share=before.get(pk) if previous is not None else None,
            assessed=counts[pk][0],
            code=code,
        )
        for pk, code, title, area in competencies.values_list("pk", "code", "title", "area__title")
    ]
    return Trends(campaign, previous, trends, assessed)


def match_topics(plan: MethodicalPlan, framework_id: int | None) -> list[Topic]:
    """The plan's topics for the algorithm, their competencies given as competencies of the
    campaign's framework (``framework_id``): a topic tagged in another version of the same
    framework is matched by code."""
    topics = list(plan.topics.order_by("order", "pk").values_list("pk", "title", "month"))
    tags = list(
        PlanTopic.competencies.through.objects.filter(plantopic__plan=plan).values_list(
            "plantopic_id",
            "competency_id",
            "competency__framework_id",
            "competency__framework__slug",
        )
    )
    codes: dict[tuple[str, str], int] = {}
    code_of: dict[int, str] = {}
    if framework_id is not None and any(f != framework_id for _, _, f, _ in tags):
        framework = Framework.objects.get(pk=framework_id)
        codes = {
            (framework.slug, code): pk
            for pk, code in Competency.objects.filter(framework=framework).values_list("pk", "code")
        }
        foreign = {pk for _, pk, f, _ in tags if f != framework_id}
        code_of = dict(Competency.objects.filter(pk__in=foreign).values_list("pk", "code"))
    by_topic: dict[int, set[int]] = {pk: set() for pk, _, _ in topics}
    for topic_id, competency_id, tag_framework, slug in tags:
        if framework_id is None or tag_framework == framework_id:
            by_topic[topic_id].add(competency_id)
        elif (slug, code_of.get(competency_id, "")) in codes:
            by_topic[topic_id].add(codes[(slug, code_of[competency_id])])
    return [
        Topic(topic_id=pk, title=title, month=month, competency_ids=frozenset(by_topic[pk]))
        for pk, title, month in topics
    ]


def plan_match_table(
    *, plan: MethodicalPlan, viewer: User, threshold: float = matching.SHARE_THRESHOLD
) -> tuple[Trends, matching.Match]:
    """The organisation's trends as the viewer may see them, and the plan matched to them."""
    trends = organization_trends(organization=plan.organization, viewer=viewer)
    framework_id = trends.campaign.framework_id if trends.campaign else None
    topics = match_topics(plan, framework_id)
    return trends, matching.match(trends.trends, topics, threshold=threshold)


# --- the plan page --------------------------------------------------------------------------


def plan_topics(plan: MethodicalPlan) -> QuerySet[PlanTopic]:
    competencies = Competency.objects.select_related("area").order_by("area__order", "order", "pk")
    return plan.topics.order_by("order", "pk").prefetch_related(
        Prefetch("competencies", queryset=competencies)
    )


@dataclass
class MonthTopics:
    month: int
    topics: list[PlanTopic]

    @property
    def name(self) -> str:
        return str(MONTHS[self.month])


def topics_by_month(plan: MethodicalPlan) -> list[MonthTopics]:
    """The months that have topics, in the school year's order (September to August), each
    with its topics and their competencies. Two queries."""
    months = {m: MonthTopics(m, []) for m in SCHOOL_MONTHS}
    for topic in plan_topics(plan):
        months[topic.month].topics.append(topic)
    return [month for month in months.values() if month.topics]


def plan_frameworks(organization: Organization) -> list[Framework]:
    """The frameworks the organisation's campaigns used (latest first), or the platform's own
    published frameworks when it has had none."""
    used = (
        Framework.objects.filter(campaigns__in=campaigns_covering(organization))
        .distinct()
        .order_by("title", "-version")
    )
    frameworks = list(used)
    if not frameworks:
        frameworks = list(
            Framework.objects.filter(
                network__isnull=True, status=Framework.Status.PUBLISHED
            ).order_by("title", "-version")
        )
    latest: dict[str, Framework] = {}
    for framework in frameworks:
        latest.setdefault(framework.slug, framework)
    return list(latest.values())


def plan_competencies(
    organization: Organization, *, topic: PlanTopic | None = None
) -> QuerySet[Competency]:
    """The competencies a topic may be tagged with, framework by framework and area by area;
    with ``topic``, also those it already has (tagged in a framework since replaced), so that
    saving the topic does not drop them unseen."""
    scope = Q(framework__in=plan_frameworks(organization))
    if topic is not None:
        scope |= Q(pk__in=topic.competencies.values("pk"))
    return (
        Competency.objects.filter(scope)
        .select_related("area", "framework")
        .order_by("framework__title", "framework_id", "area__order", "area_id", "order", "pk")
    )


def organization_plans(organization: Organization) -> QuerySet[MethodicalPlan]:
    return MethodicalPlan.objects.filter(organization=organization).annotate(
        topic_count=Count("topics")
    )
