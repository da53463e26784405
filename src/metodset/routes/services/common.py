"""What every route write shares: the refusal, the school year, the teacher's workplace."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from metodset.accounts.audit import audit_record
from metodset.accounts.models import Membership, Organization, User

from ..models import Route, school_year_bounds

DEFAULT_HOURS_BUDGET = Decimal(72)  # a year's professional development of a teacher


class RouteError(Exception):
    """A refusal the person should read (in Russian)."""


def default_year(today: dt.date | None = None) -> int:
    """The school year routes are planned for: from June on, the coming one."""
    today = today or timezone.localdate()
    return today.year if today.month >= 6 else today.year - 1


def drafting_window(year: int, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """From today (or 1 September) to 31 May: the summer is not planned."""
    today = today or timezone.localdate()
    start, _end = school_year_bounds(year)
    end = dt.date(year + 1, 5, 31)
    start = min(max(start, today), end)
    return start, end


def workplace_of(user: User) -> Organization | None:
    """Where the person teaches: a teacher's membership first, then any in an organisation."""
    memberships = Membership.objects.filter(user=user, organization__isnull=False).select_related(
        "organization"
    )
    ordered = sorted(memberships, key=lambda m: (m.role != Membership.Role.TEACHER, m.pk))
    return ordered[0].organization if ordered else None


def route_audit(
    *, route: Route, by: User | None, action: str, changes: dict[str, Any] | None = None
) -> None:
    """An audit entry about a route, named by number and year: the person's name stays out of
    the log, which outlives the route when the person's data are deleted."""
    audit_record(
        actor=by,
        action=action,
        target=route,
        changes=changes,
        target_repr=f"№ {route.pk}, {route.year_label}",
    )
