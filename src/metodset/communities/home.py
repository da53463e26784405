"""The communities' section of «Моя неделя»: the person's communities with their next meeting,
and the research lessons of her cycles that are being observed or analysed now, so that a
member reaches her ПОС (in the menu's «Ещё») from the page she opens every week."""

from __future__ import annotations

from typing import Any

from django.db.models import Min, Q
from django.utils import timezone

from metodset.accounts import permissions as roles
from metodset.accounts.http import AuthenticatedRequest

from .models import Community, Lesson

SHOWN = 5  # communities and lessons each: a person in more opens the list


def week_section(request: AuthenticatedRequest) -> dict[str, Any] | None:
    """Two queries: the communities with their next meeting, the lessons under way."""
    user = request.user
    if not roles.is_active_user(user):
        return None
    now = timezone.now()
    communities = list(
        Community.objects.filter(members__user=user)
        .annotate(
            next_meeting=Min(
                "meetings__event__starts_at",
                filter=Q(meetings__event__starts_at__gte=now, meetings__event__cancelled_at=None),
            )
        )
        .only("pk", "name")
        .order_by("name", "pk")[: SHOWN + 1]
    )
    if not communities:
        return None
    lessons = list(
        Lesson.objects.filter(
            Q(cycle__community__members__user=user) | Q(cycle__guests__user=user),
            stage__in=[Lesson.Stage.OBSERVING, Lesson.Stage.ANALYSING],
            cycle__closed_at=None,
        )
        .select_related("cycle")
        .distinct()
        .order_by("-starts_at", "pk")[:SHOWN]
    )
    return {
        "communities": communities[:SHOWN],
        "more": len(communities) > SHOWN,
        "lessons": lessons,
    }
