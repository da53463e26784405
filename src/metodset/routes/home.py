"""What routes add to «Моя неделя» and the menu: for an organisation's manager and methodist,
the routes whose steps are overdue, and the way to the route board."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef
from django.urls import reverse
from django.utils import timezone

from metodset.accounts import permissions as account_permissions
from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.models import Organization, User
from metodset.core.queries import subquery_count

from . import permissions, services
from .models import Route, Step


def overdue_section(request: AuthenticatedRequest) -> dict[str, Any] | None:
    """Each organisation the person manages with its approved routes of the year that have an
    overdue step (one query)."""
    user = request.user
    staff_orgs = (
        account_permissions.staff_organization_ids(user)
        if account_permissions.is_active_user(user)
        else set()
    )
    if not staff_orgs:
        return None
    today = timezone.localdate()
    year = services.default_year(today)
    late = Route.objects.filter(
        organization=OuterRef("pk"),
        year=year,
        status=Route.Status.APPROVED,
        steps__ends_on__lt=today,
        steps__status__in=[Step.Status.PLANNED, Step.Status.IN_PROGRESS],
    )
    organizations = list(
        Organization.objects.filter(pk__in=staff_orgs)
        .annotate(late_routes=subquery_count(late, "pk", distinct=True))
        .filter(late_routes__gt=0)
        .only("pk", "short_name")
        .order_by("short_name", "pk")
    )
    if not organizations:
        return None
    return {"organizations": organizations, "year": year}


def sees_board(user: User) -> bool:
    """The board shows people by name: the organisation's staff and those allowed names."""
    return account_permissions.is_active_user(user) and (
        user.is_superuser
        or bool(account_permissions.staff_organization_ids(user))
        or (
            bool(account_permissions.staff_network_ids(user))
            and user.has_perm("diagnostics.view_named_results")
        )
    )


def board_url(user: User) -> str | None:
    """The board of the one organisation a person manages; with several, the list of them."""
    staff_orgs = account_permissions.staff_organization_ids(user)
    if len(staff_orgs) == 1 and not user.is_superuser:
        return reverse("routes:board", args=[next(iter(staff_orgs))])
    return reverse("routes:mine") if permissions.sees_routes(user) else None
