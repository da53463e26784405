"""Reads of a community's work: the analysis that starts it (children's results beside the
members' deficits, aggregated), the learning plan, the meetings and the expected results.

Every read here costs a fixed number of queries, whatever the number of members, tables,
lines or meetings: the pages' query-count tests hold them to it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from metodset.accounts.models import Membership, Organization, User
from metodset.diagnostics.models import (
    Competency,
    CompetencyScore,
    Framework,
    Participant,
    ResultRow,
    ResultsTable,
)
from metodset.diagnostics.results.selectors import TableSummary, tables_summary
from metodset.events.models import Event
from metodset.routes.models import Route
from metodset.routes.services import default_year

from ..deficit_shares import (
    Column,
    DeficitPicture,
    ResultDynamics,
    deficit_shares,
    result_dynamics,
)
from ..models import AnalysisLink, Community, Cycle, LearningItem, Meeting, Member

# Practices a member disseminates (seed 004, slide 15): open lessons, master-classes, seminars.
PRACTICE_KINDS = (Event.Kind.OPEN_LESSON, Event.Kind.MASTER_CLASS, Event.Kind.SEMINAR)


def member_ids(community: Community) -> list[int]:
    return list(Member.objects.filter(community=community).values_list("user_id", flat=True))


def organizations_of(community: Community) -> QuerySet[Organization]:
    """The community's organisation; for a network community, the partners its members work
    in (not every partner of the network)."""
    if community.organization_id:
        return Organization.objects.filter(pk=community.organization_id)
    workplaces = Membership.objects.filter(
        user__community_memberships__community=community,
        organization__partnerships__network=community.network,
    ).values("organization_id")
    return Organization.objects.filter(pk__in=workplaces)


def results_tables(community: Community) -> QuerySet[ResultsTable]:
    return ResultsTable.objects.filter(organization__in=organizations_of(community)).order_by(
        "group", "subject", "pk"
    )


def results_areas(community: Community) -> list[str]:
    """The areas of the community's tables, offered when a line names one."""
    return list(
        ResultRow.objects.filter(table__in=results_tables(community))
        .order_by("area")
        .values_list("area", flat=True)
        .distinct()
    )


def results_summaries(community: Community) -> list[TableSummary]:
    """The children's results of the community's organisation(s), falling areas first."""
    return tables_summary(results_tables(community))


# --- the members' deficits, aggregated -------------------------------------------------------


def _latest_and_previous(
    participations: list[Participant],
) -> tuple[list[Participant], list[Participant]]:
    """Each member's latest scored participation in the framework most of them were assessed
    against, and her previous one in a framework of the same code."""
    by_user: dict[int, list[Participant]] = {}
    for p in participations:  # ordered: latest first
        by_user.setdefault(p.user_id, []).append(p)
    slugs = Counter(ps[0].campaign.framework.slug for ps in by_user.values())
    if not slugs:
        return [], []
    slug = slugs.most_common(1)[0][0]
    latest, previous = [], []
    for ps in by_user.values():
        if ps[0].campaign.framework.slug != slug:
            continue
        latest.append(ps[0])
        earlier = [
            p
            for p in ps[1:]
            if p.campaign.framework.slug == slug and p.campaign.starts_on < ps[0].campaign.starts_on
        ]
        if earlier:
            previous.append(earlier[0])
    return latest, previous


@dataclass
class MembersDeficits:
    picture: DeficitPicture
    campaigns: list[str]  # titles of the latest campaigns the members took part in
    framework: Framework | None


def members_deficits(community: Community) -> MembersDeficits:
    """The deficits of the members who took part in diagnostics, aggregated (never by name).
    Four queries."""
    users = member_ids(community)
    participations = list(
        Participant.objects.filter(user_id__in=users, scored_at__isnull=False)
        .select_related("campaign__framework")
        .order_by("user_id", "-campaign__starts_on", "-campaign_id")
    )
    latest, previous = _latest_and_previous(participations)
    if not latest:
        return MembersDeficits(DeficitPicture(len(users), 0, 0), [], None)
    newest = max(latest, key=lambda p: (p.campaign.starts_on, p.campaign_id))
    framework = newest.campaign.framework
    columns = [
        Column(code, title, area)
        for code, title, area in Competency.objects.filter(framework=framework)
        .order_by("area__order", "order", "pk")
        .values_list("code", "title", "area__title")
    ]
    scores: dict[int, dict[str, bool]] = {}
    for participant_id, code, deficit in CompetencyScore.objects.filter(
        participant_id__in=[p.pk for p in latest + previous]
    ).values_list("participant_id", "competency__code", "deficit"):
        scores.setdefault(participant_id, {})[code] = deficit
    picture = deficit_shares(
        members=len(users),
        columns=columns,
        latest=[scores.get(p.pk, {}) for p in latest],
        previous=[scores.get(p.pk, {}) for p in previous],
    )
    titles = sorted({p.campaign.title for p in latest})
    return MembersDeficits(picture, titles, framework)


def competencies_for(community: Community) -> QuerySet[Competency]:
    """Competencies a line may name: of the frameworks the members were assessed against, or
    the platform's own frameworks when nobody was assessed yet."""
    assessed = Participant.objects.filter(user__community_memberships__community=community).values(
        "campaign__framework_id"
    )
    competencies = Competency.objects.filter(framework_id__in=assessed)
    if not competencies.exists():
        competencies = Competency.objects.filter(
            framework__network__isnull=True, framework__status=Framework.Status.PUBLISHED
        )
    return competencies.select_related("framework").order_by(
        "framework__title", "area__order", "order", "pk"
    )


def analysis_links(community: Community) -> QuerySet[AnalysisLink]:
    return (
        AnalysisLink.objects.filter(community=community)
        .select_related("results_table", "competency", "created_by")
        .order_by("pk")
    )


def analysis_page(community: Community) -> dict[str, Any]:
    return {
        "summaries": results_summaries(community),
        "deficits": members_deficits(community),
        "links": analysis_links(community),
        "areas": results_areas(community),
    }


# --- the learning plan ---------------------------------------------------------------------


def learning_items(community: Community) -> QuerySet[LearningItem]:
    return (
        LearningItem.objects.filter(community=community)
        .select_related("member", "competency", "route_step__route", "route_step__teaching_event")
        .order_by("starts_on", "pk")
    )


def current_route(user: User, community: Community) -> Route | None:
    """The member's route (ИОМ/ИППР) of the current school year, in the community's
    organisation if she has one there."""
    routes = Route.objects.filter(user=user, year=default_year()).order_by("pk")
    if community.organization_id:
        here = routes.filter(organization_id=community.organization_id).first()
        if here is not None:
            return here
    return routes.first()


# --- meetings ------------------------------------------------------------------------------


def meetings(community: Community) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(community=community)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )


def meetings_split(community: Community) -> tuple[list[Meeting], list[Meeting]]:
    """The coming meetings (soonest first) and the past ones (latest first)."""
    now = timezone.now()
    coming: list[Meeting] = []
    past: list[Meeting] = []
    for meeting in meetings(community):
        (past if meeting.event.ends_at < now else coming).append(meeting)
    return coming, past[::-1]


def next_meetings(community: Community, *, limit: int = 3) -> list[Meeting]:
    return list(
        meetings(community)
        .filter(event__starts_at__gte=timezone.now())
        .exclude(event__status=Event.Status.CANCELLED)[:limit]
    )


# --- expected results (seed 004, slide 15) --------------------------------------------------


def children_dynamics(community: Community) -> list[ResultDynamics]:
    """First vs latest value of each area of the tables the analysis links to."""
    wanted: dict[int, set[str]] = {}
    for table_id, area in AnalysisLink.objects.filter(
        community=community, results_table__isnull=False
    ).values_list("results_table_id", "results_area"):
        areas = wanted.setdefault(table_id, set())
        if area.strip():
            areas.add(area.strip())
        else:
            wanted[table_id] = set()
    if not wanted:
        return []
    labels = {
        pk: f"{group}: {subject}"
        for pk, group, subject in ResultsTable.objects.filter(pk__in=wanted).values_list(
            "pk", "group", "subject"
        )
    }
    rows = ResultRow.objects.filter(table_id__in=wanted).values_list(
        "table_id", "area", "measured_on", "value"
    )
    return result_dynamics(list(rows), wanted=wanted, labels=labels)


def practices(community: Community) -> QuerySet[Event]:
    """Open lessons, master-classes and seminars the members organised since the community
    was created."""
    return (
        Event.objects.filter(
            Q(created_by__community_memberships__community=community),
            kind__in=PRACTICE_KINDS,
            starts_at__gte=community.created_at,
        )
        .exclude(status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])
        .distinct()
    )


def expected_results(community: Community) -> dict[str, Any]:
    deficits = members_deficits(community)
    return {
        "dynamics": children_dynamics(community),
        "deficits": deficits,
        "products": Cycle.objects.filter(community=community, closed_at__isnull=False).count(),
        "practices": practices(community).count(),
    }
