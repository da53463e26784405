"""What diagnostics adds to «Моя неделя» and the menu: the open campaigns a person runs with
how many have answered, the network's open campaigns in its overview, and the way to the
newest heat map of deficits."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Q
from django.urls import reverse

from metodset.accounts import permissions as roles
from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.models import User
from metodset.core.queries import subquery_count
from metodset.diagnostics.campaigns.permissions import campaigns_managed, can_create_campaign
from metodset.diagnostics.instruments.selectors import tests_waiting
from metodset.diagnostics.models import (
    Campaign,
    Participant,
)

SHOWN = 5  # campaigns listed on the week; the rest are on the diagnostics page


def _with_progress(campaigns):  # type: ignore[no-untyped-def]
    """``people``, ``self_done`` and ``test_done`` of each campaign, as subqueries."""
    participants = Participant.objects.filter(campaign=OuterRef("pk"))
    return campaigns.annotate(
        people=subquery_count(participants),
        self_done=subquery_count(participants.filter(self_done_at__isnull=False)),
        test_done=subquery_count(participants.filter(test_done_at__isnull=False)),
    )


def campaigns_section(request: AuthenticatedRequest) -> dict[str, Any] | None:
    """Open campaigns the person runs, with how many people have answered (one query)."""
    user = request.user
    if not can_create_campaign(user):
        return None
    campaigns = list(
        _with_progress(campaigns_managed(user).filter(status=Campaign.Status.OPEN))
        .only("pk", "title", "ends_on", "self_assessment", "test_id")
        .order_by("ends_on", "pk")[: SHOWN + 1]
    )
    if not campaigns:
        return None
    return {"campaigns": campaigns[:SHOWN], "more": len(campaigns) > SHOWN}


def network_campaigns(
    request: AuthenticatedRequest, network_ids: list[int]
) -> dict[int, dict[str, Any]]:
    """Each network's open campaigns: how many, how many people in them, how many answered."""
    facts: dict[int, dict[str, Any]] = {}
    campaigns = _with_progress(
        Campaign.objects.filter(network_id__in=network_ids, status=Campaign.Status.OPEN)
    ).only("pk", "network_id", "self_assessment", "test_id")
    for campaign in campaigns:
        assert campaign.network_id is not None
        part = facts.setdefault(campaign.network_id, {"open": 0, "people": 0, "answered": 0})
        part["open"] += 1
        part["people"] += campaign.people  # type: ignore[attr-defined]
        # What the campaign asks first: the self-assessment, else the test.
        done = campaign.self_done if campaign.self_assessment else campaign.test_done  # type: ignore[attr-defined]
        part["answered"] += done
    return facts


def sees_heatmaps(user: User) -> bool:
    """Heat maps are for those who run or oversee campaigns: staff of organisations and networks."""
    return roles.is_active_user(user) and (
        user.is_superuser
        or bool(roles.staff_organization_ids(user))
        or bool(roles.staff_network_ids(user))
    )


def newest_heatmap_url(user: User) -> str | None:
    """The heat map of the newest campaign the person oversees that has begun; from there the
    page switches to the others."""
    campaigns = Campaign.objects.exclude(status=Campaign.Status.DRAFT)
    if not user.is_superuser:
        campaigns = campaigns.filter(
            Q(organization_id__in=roles.staff_organization_ids(user))
            | Q(network_id__in=roles.staff_network_ids(user))
        )
    newest = campaigns.order_by("-starts_on", "-pk").values_list("pk", flat=True).first()
    return reverse("diagnostics:heatmap", args=[newest]) if newest else None


WEEK_LIMIT = 5


def week_section(request: Any) -> dict[str, Any] | None:
    """«Моя неделя»: tests waiting for the person; one query."""
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None
    waiting = list(tests_waiting(user)[: WEEK_LIMIT + 1])
    if not waiting:
        return None
    return {"participants": waiting[:WEEK_LIMIT], "more": len(waiting) > WEEK_LIMIT}
