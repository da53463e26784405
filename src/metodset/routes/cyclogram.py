"""The yearly cyclogram (циклограмма, seed 003): an organisation's methodical year by month.

Events the organisation runs, stages of its programmes, assessment campaigns of the
organisation and of its networks, and the route milestones: steps due in the month (how
many, how many done) and routes approved. A handful of queries for the whole year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from metodset.accounts.models import Organization
from metodset.diagnostics.models import Campaign
from metodset.events.models import Event
from metodset.programs.models import Stage

from .models import Route, Step, school_year_bounds
from .selectors import _month_end, organization_network_ids, school_months


@dataclass
class Month:
    first: dt.date
    events: list[Event] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    steps_due: int = 0
    steps_done: int = 0
    routes_approved: int = 0

    @property
    def empty(self) -> bool:
        return not (self.events or self.stages or self.campaigns or self.steps_due)


def cyclogram(*, organization: Organization, year: int) -> list[Month]:
    start, end = school_year_bounds(year)
    months = {m: Month(first=m) for m in school_months(year)}
    _events_place(months, organization=organization, start=start, end=end)
    _spans_place(months, organization=organization, start=start, end=end)
    _steps_due_count(months, organization=organization, year=year)
    _routes_approved_count(months, organization=organization, year=year)
    return list(months.values())


def _month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _events_place(
    months: dict[dt.date, Month], *, organization: Organization, start: dt.date, end: dt.date
) -> None:
    """The organisation's events, not cancelled, in the month they start (local time)."""
    zone = timezone.get_current_timezone()
    after = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    before = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    events = Event.objects.filter(
        organizer=organization, starts_at__gte=after, starts_at__lt=before
    ).exclude(status=Event.Status.CANCELLED)
    for event in events.order_by("starts_at"):
        months[_month_of(timezone.localtime(event.starts_at).date())].events.append(event)


def _spans_place(
    months: dict[dt.date, Month], *, organization: Organization, start: dt.date, end: dt.date
) -> None:
    """Programme stages and assessment campaigns in every month they overlap."""
    stages = (
        Stage.objects.filter(program__organizer=organization)
        .filter(Q(starts_on__lte=end) & (Q(ends_on__gte=start) | Q(ends_on__isnull=True)))
        .exclude(starts_on__isnull=True)
        .select_related("program")
        .order_by("starts_on", "pk")
    )
    campaigns = (
        Campaign.objects.filter(
            Q(organization=organization) | Q(network_id__in=organization_network_ids(organization))
        )
        .filter(starts_on__lte=end, ends_on__gte=start)
        .order_by("starts_on", "pk")
    )
    spans: list[tuple[Stage | Campaign, str]] = [(s, "stages") for s in stages]
    spans += [(c, "campaigns") for c in campaigns]
    for item, attribute in spans:
        begins = item.starts_on
        ends = item.ends_on or begins
        if begins is None or ends is None:
            continue
        for first, month in months.items():
            if begins <= _month_end(first) and ends >= first:
                getattr(month, attribute).append(item)


def _steps_due_count(
    months: dict[dt.date, Month], *, organization: Organization, year: int
) -> None:
    """How many route steps fall due in each month, and how many of them are done."""
    due = (
        Step.objects.filter(route__organization=organization, route__year=year)
        .exclude(ends_on__isnull=True)
        .annotate(month=TruncMonth("ends_on"))
        .values("month")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=Step.Status.DONE)))
    )
    for row in due:
        found = months.get(_as_date(row["month"]))
        if found is not None:
            found.steps_due, found.steps_done = row["total"], row["done"]


def _routes_approved_count(
    months: dict[dt.date, Month], *, organization: Organization, year: int
) -> None:
    """How many routes were approved in each month (local time)."""
    approved: dict[dt.date, int] = defaultdict(int)
    for reviewed_at in Route.objects.filter(
        organization=organization, year=year, status=Route.Status.APPROVED
    ).values_list("reviewed_at", flat=True):
        if reviewed_at:
            approved[_month_of(timezone.localtime(reviewed_at).date())] += 1
    for first, count in approved.items():
        if first in months:
            months[first].routes_approved = count


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
