"""Reads of children's results: a table's trends, the summary of tables, a network's aggregate."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from metodset.accounts import permissions as roles
from metodset.accounts.models import Membership, Organization, User
from metodset.diagnostics.models import (
    ResultRow,
    ResultsTable,
)
from metodset.diagnostics.results.permissions import (
    results_aggregate_organization_ids,
    results_upload_organizations,
)
from metodset.diagnostics.results.trends import AreaTrend, area_trends, fall_points_for


def table_trends(table: ResultsTable) -> list[AreaTrend]:
    rows = table.rows.values_list("area", "measured_on", "value", "children")
    return area_trends(rows)


@dataclass
class TableSummary:
    table: ResultsTable
    trends: list[AreaTrend]
    measurements: int

    @property
    def falling(self) -> list[AreaTrend]:
        return [t for t in self.trends if t.falling]

    @property
    def last_date(self) -> dt.date | None:
        dates = [t.last.measured_on for t in self.trends]
        return max(dates) if dates else None


def tables_summary(tables: QuerySet[ResultsTable]) -> list[TableSummary]:
    """Each table with its trends, in two queries whatever the number of tables; tables with
    falling areas first."""
    tables_list = list(tables.select_related("teacher"))
    rows: dict[int, list[tuple[str, dt.date, float, int | None]]] = defaultdict(list)
    for table_id, area, measured_on, value, children in ResultRow.objects.filter(
        table__in=[t.pk for t in tables_list]
    ).values_list("table_id", "area", "measured_on", "value", "children"):
        rows[table_id].append((area, measured_on, value, children))
    out = [TableSummary(t, area_trends(rows[t.pk]), len(rows[t.pk])) for t in tables_list]
    return sorted(out, key=lambda s: (not s.falling, s.table.group, s.table.subject))


@dataclass
class SubjectAggregate:
    subject: str
    tables: int
    areas: int
    falling_areas: dict[str, int]  # area → in how many tables it falls

    @property
    def falling(self) -> int:
        return sum(self.falling_areas.values())


def organization_aggregate(organization: Organization) -> list[SubjectAggregate]:
    """For network staff: by subject, how many tables and areas, and which areas fall where."""
    summary = tables_summary(ResultsTable.objects.filter(organization=organization))
    by_subject: dict[str, SubjectAggregate] = {}
    for s in summary:
        agg = by_subject.setdefault(s.table.subject, SubjectAggregate(s.table.subject, 0, 0, {}))
        agg.tables += 1
        agg.areas += len(s.trends)
        for t in s.falling:
            agg.falling_areas[t.area] = agg.falling_areas.get(t.area, 0) + 1
    return sorted(by_subject.values(), key=lambda a: (-a.falling, a.subject))


def trends_chart(trends: list[AreaTrend]) -> dict[str, Any]:
    dates = sorted({p.measured_on for t in trends for p in t.points})
    labels = [d.strftime("%d.%m.%Y") for d in dates]
    datasets = []
    for trend in sorted(trends, key=lambda t: t.area.lower()):
        values = {p.measured_on: p.value for p in trend.points}
        datasets.append(
            {
                "label": trend.area,
                "data": [values.get(d) for d in dates],
                "falling": trend.falling,
            }
        )
    return {"labels": labels, "datasets": datasets}


def teachers_assignable(
    *, viewer: User, organizations: QuerySet[Organization]
) -> QuerySet[User] | None:
    """Teachers a staff member may assign a table to; None for a teacher (she is the teacher)."""
    staff = roles.staff_organization_ids(viewer)
    if not (viewer.is_superuser or staff):
        return None
    org_ids = list(organizations.values_list("pk", flat=True))
    return (
        User.objects.filter(
            memberships__organization_id__in=org_ids, memberships__role=Membership.Role.TEACHER
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def results_overview(*, viewer: User, organization: Organization, mode: str) -> dict[str, Any]:
    """What the list of an organisation's results shows the viewer: the other organisations they
    may switch to, and the tables with their trends ("full", "own") or the aggregate."""
    mine = set(results_upload_organizations(viewer).values_list("pk", flat=True))
    mine |= results_aggregate_organization_ids(viewer)
    others = (
        Organization.objects.filter(pk__in=mine)
        .exclude(pk=organization.pk)
        .order_by("short_name", "name")
    )
    overview: dict[str, Any] = {"organization": organization, "mode": mode, "others": others}
    if mode == "aggregate":
        overview["aggregate"] = organization_aggregate(organization)
        return overview
    tables = ResultsTable.objects.filter(organization=organization)
    if mode == "own":
        tables = tables.filter(teacher=viewer)
    summaries = tables_summary(tables)
    overview["summaries"] = summaries
    overview["falling"] = [s for s in summaries if s.falling]
    return overview


def table_page(table: ResultsTable) -> dict[str, Any]:
    """A table's trends, the falling areas, its measurements and the chart's data."""
    trends = table_trends(table)
    return {
        "table": table,
        "trends": trends,
        "falling": [t for t in trends if t.falling],
        "rows": table.rows.order_by("area", "measured_on"),
        "chart": trends_chart(trends),
        "fall_points": fall_points_for(p.value for t in trends for p in t.points),
    }
