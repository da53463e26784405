"""What events add to the network overview on «Моя неделя»: the network's coming events."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from metodset.accounts.http import AuthenticatedRequest

from .models import Event

WINDOW = timedelta(days=30)
SHOWN = 3  # events named per network; the rest are counted


def network_events(
    request: AuthenticatedRequest, network_ids: list[int]
) -> dict[int, dict[str, Any]]:
    """Published events of each network in the next 30 days, open to its members (one query)."""
    now = timezone.now()
    events = (
        Event.objects.filter(
            network_id__in=network_ids,
            status=Event.Status.PUBLISHED,
            visibility__in=[Event.Visibility.PUBLIC, Event.Visibility.NETWORK],
            starts_at__gte=now,
            starts_at__lt=now + WINDOW,
        )
        .only("pk", "title", "starts_at", "network_id")
        .order_by("starts_at", "pk")
    )
    facts: dict[int, dict[str, Any]] = {}
    for event in events:
        assert event.network_id is not None
        part = facts.setdefault(event.network_id, {"events": [], "count": 0})
        part["count"] += 1
        if len(part["events"]) < SHOWN:
            part["events"].append(event)
    return facts
