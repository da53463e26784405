"""Reads of routes: the catalogue an organisation offers, a route with its steps, the
organisation's list and board, hours, and the plain data drafting works on."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone

from metodset.accounts.models import NetworkPartner, Organization, User
from metodset.core.queries import contains_text, subquery_count
from metodset.diagnostics.models import Competency

from . import drafting
from .models import Activity, HoursCredit, Route, Step


def organization_network_ids(organization: Organization) -> list[int]:
    return list(
        NetworkPartner.objects.filter(organization=organization).values_list(
            "network_id", flat=True
        )
    )


def catalogue_for(organization: Organization | None) -> QuerySet[Activity]:
    """Activities a route of this organisation may contain: the shipped ones, the
    organisation's own and those of its networks (offered ones only). Programme modules are
    left out: they come into the routes of the programme's interns only."""
    scope = Q(organization__isnull=True, network__isnull=True)
    if organization is not None:
        scope |= Q(organization=organization) | Q(
            network_id__in=organization_network_ids(organization)
        )
    return (
        Activity.objects.filter(scope, active=True)
        .exclude(kind=Activity.Kind.MODULE)
        .select_related(
            "event__organizer", "program__organizer", "module__program__organizer", "colleague"
        )
        .prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.select_related("framework"))
        )
    )


def is_own(activity: Activity, organization: Organization) -> bool:
    """Run by the organisation itself: its own item, event, programme or module."""
    org_id = organization.pk
    if activity.organization_id == org_id:
        return True
    if activity.event is not None and activity.event.organizer_id == org_id:
        return True
    if activity.program is not None and activity.program.organizer_id == org_id:
        return True
    return activity.module is not None and activity.module.program.organizer_id == org_id


def activity_dates(activity: Activity) -> tuple[dt.date | None, dt.date | None]:
    event, module, program = activity.event, activity.module, activity.program
    if event is not None:
        day = timezone.localtime(event.starts_at).date()
        return day, day
    if module is not None and (module.starts_on or module.ends_on):
        return module.starts_on, module.ends_on
    if program is not None and (program.starts_on or program.ends_on):
        return program.starts_on, program.ends_on
    return activity.starts_on, activity.ends_on


def competency_keys(competencies: Iterable[Competency]) -> dict[int, tuple[str, str]]:
    """{id: (framework code, competency code)}: a catalogue item tagged in one version of a
    framework still matches deficits assessed in another."""
    return {c.pk: (c.framework.slug, c.code) for c in competencies}


def candidates(
    *,
    activities: Iterable[Activity],
    organization: Organization,
    deficit_ids: dict[tuple[str, str], int],
    mandatory_ids: frozenset[int] = frozenset(),
) -> list[drafting.Candidate]:
    """The catalogue as drafting's plain data, competencies mapped onto the deficits' ids."""
    result = []
    for activity in activities:
        keys = competency_keys(activity.competencies.all())
        covered = frozenset(deficit_ids[k] for k in keys.values() if k in deficit_ids)
        starts_on, ends_on = activity_dates(activity)
        result.append(
            drafting.Candidate(
                id=activity.pk,
                competencies=covered,
                hours=float(activity.hours),
                starts_on=starts_on,
                ends_on=ends_on,
                own=is_own(activity, organization),
                mandatory=activity.pk in mandatory_ids,
            )
        )
    return result


# --- routes ------------------------------------------------------------------------------------


def steps_of(route: Route) -> QuerySet[Step]:
    return route.steps.select_related("activity", "competency__area", "teaching_event").order_by(
        "order", "pk"
    )


def routes_of(user: User) -> QuerySet[Route]:
    return (
        Route.objects.filter(user=user)
        .select_related("organization", "reviewed_by")
        .annotate(**_step_counts(timezone.localdate()))
        .order_by("-year", "pk")
    )


@dataclass(frozen=True)
class RouteFilters:
    year: int
    status: str = ""
    competency_id: int | None = None
    overdue_only: bool = False
    q: str = ""


def organization_routes(
    *, organization: Organization, filters: RouteFilters, today: dt.date | None = None
) -> QuerySet[Route]:
    """The organisation's routes of a year, with step counts, filtered."""
    today = today or timezone.localdate()
    qs = (
        Route.objects.filter(organization=organization, year=filters.year)
        .select_related("user", "reviewed_by")
        .annotate(**_step_counts(today))
        .order_by("user__last_name", "user__first_name", "pk")
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.competency_id:
        qs = qs.filter(
            Q(steps__competency_id=filters.competency_id) | Q(deficits=filters.competency_id)
        ).distinct()
    if filters.overdue_only:
        qs = qs.filter(overdue_count__gt=0)  # type: ignore[misc]  # an annotation
    if filters.q:
        qs = qs.filter(contains_text(filters.q, ("user__last_name", "user__first_name")))
    return qs


def with_step_counts(routes: QuerySet[Route], today: dt.date | None = None) -> QuerySet[Route]:
    """``step_count``, ``done_count`` and ``overdue_count`` of each route."""
    return routes.annotate(**_step_counts(today or timezone.localdate()))


def route_with_step_counts(*, route: Route) -> Route:
    """The route, already let in through an access helper, again with the counts of
    ``with_step_counts`` and what a route's page names: its teacher, organisation, reviewer."""
    routes = Route.objects.select_related("user", "organization", "reviewed_by")
    return with_step_counts(routes.filter(pk=route.pk)).get()


def _step_counts(today: dt.date) -> dict[str, Any]:
    """Counts of a route's steps as correlated subqueries: one query for a page of routes."""
    steps = Step.objects.filter(route=OuterRef("pk"))
    open_statuses = [Step.Status.PLANNED, Step.Status.IN_PROGRESS]
    return {
        "step_count": subquery_count(steps),
        "done_count": subquery_count(steps.filter(status=Step.Status.DONE)),
        "overdue_count": subquery_count(steps.filter(ends_on__lt=today, status__in=open_statuses)),
    }


def alternatives(step: Step, *, limit: int = 8) -> list[Activity]:
    """Other activities for the same competency (or code, in another framework version), the
    organisation's own first, then those with fewer hours."""
    route = step.route
    if step.competency_id is None:
        return []
    competency = step.competency
    assert competency is not None
    items = (
        catalogue_for(route.organization)
        .filter(
            competencies__framework__slug=competency.framework.slug,
            competencies__code=competency.code,
        )
        .exclude(pk=step.activity_id or 0)
        .distinct()
    )
    ranked = sorted(items, key=lambda a: (not is_own(a, route.organization), a.hours, a.title))
    return ranked[:limit]


def hours_of(route: Route) -> dict[str, Decimal]:
    """Hours of the route's year: planned, done, and credited for horizontal learning."""
    totals = route.steps.aggregate(
        planned=Sum("hours", filter=~Q(status=Step.Status.SKIPPED)),
        done=Sum("hours", filter=Q(status=Step.Status.DONE)),
    )
    credited = HoursCredit.objects.filter(user_id=route.user_id, year=route.year).aggregate(
        total=Sum("hours")
    )["total"]
    return {
        "planned": totals["planned"] or Decimal(0),
        "done": totals["done"] or Decimal(0),
        "credited": credited or Decimal(0),
    }


# --- the board (табло) ------------------------------------------------------------------------


def school_months(year: int) -> list[dt.date]:
    """1 September … 1 August: the first day of each month of the school year."""
    return [dt.date(year + (m < 9), m, 1) for m in (*range(9, 13), *range(1, 9))]


@dataclass
class BoardCell:
    month: dt.date
    steps: list[Step] = field(default_factory=list)

    @property
    def state(self) -> str:
        """The worst of the month: overdue, planned/in progress, done; "" when empty."""
        if not self.steps:
            return ""
        if any(getattr(s, "overdue", False) for s in self.steps):
            return "overdue"
        if all(s.status in (Step.Status.DONE, Step.Status.SKIPPED) for s in self.steps):
            return "done"
        if any(s.status == Step.Status.IN_PROGRESS for s in self.steps):
            return "in_progress"
        return "planned"


@dataclass
class BoardRow:
    route: Route
    cells: list[BoardCell]


def board(
    *,
    organization: Organization,
    filters: RouteFilters,
    routes: list[Route] | None = None,
    today: dt.date | None = None,
) -> tuple[list[dt.date], list[BoardRow]]:
    """Each route (of a page of the organisation's, or all) as a row, each month of the school
    year as a cell with the steps planned in it (a step spanning months shows in each). Two
    queries in all."""
    today = today or timezone.localdate()
    months = school_months(filters.year)
    if routes is None:
        routes = list(organization_routes(organization=organization, filters=filters, today=today))
    steps = Step.objects.filter(route__in=[r.pk for r in routes]).select_related(
        "competency", "activity"
    )
    if filters.competency_id:
        steps = steps.filter(competency_id=filters.competency_id)
    by_route: dict[int, list[Step]] = defaultdict(list)
    for step in steps.order_by("order", "pk"):
        step.overdue = step.is_overdue(today)  # type: ignore[attr-defined]
        by_route[step.route_id].append(step)
    rows = []
    for route in routes:
        cells = [BoardCell(month=m) for m in months]
        for step in by_route.get(route.pk, []):
            first = step.starts_on or step.ends_on
            last = step.ends_on or step.starts_on
            if first is None or last is None:
                continue
            for cell in cells:
                month_end = _month_end(cell.month)
                if first <= month_end and last >= cell.month:
                    cell.steps.append(step)
        rows.append(BoardRow(route=route, cells=cells))
    return months, rows


def _month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


# --- «Моя неделя» ------------------------------------------------------------------------------

WEEK_LIMIT = 4


def week_section(request: HttpRequest) -> dict[str, Any] | None:
    """«Моя неделя»: steps of the person's approved routes that are overdue or due this month
    and not done yet, the most urgent first; routes waiting for the person's approval. Two
    queries."""
    user = request.user
    if not user.is_authenticated:
        return None
    today = timezone.localdate()
    month_end = _month_end(today.replace(day=1))
    steps = list(
        Step.objects.filter(
            route__user=user,
            route__status=Route.Status.APPROVED,
            status__in=[Step.Status.PLANNED, Step.Status.IN_PROGRESS],
            starts_on__lte=month_end,
        )
        .select_related("route", "competency")
        .order_by("ends_on", "pk")[: WEEK_LIMIT + 1]
    )
    for step in steps:
        step.overdue = step.is_overdue(today)  # type: ignore[attr-defined]
    from .permissions import reviewable_routes

    to_review = reviewable_routes(user).count()
    if not steps and not to_review:
        return None
    return {"steps": steps[:WEEK_LIMIT], "more": len(steps) > WEEK_LIMIT, "to_review": to_review}
