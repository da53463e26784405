"""Audiences events offer to questionnaires: the registered and the present of an event."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import User
from metodset.core.audiences import Audience

from . import permissions
from .models import Event, Registration

OPTIONS_LIMIT = 200


def _options(user: User) -> list[tuple[str, str]]:
    """The user's events of the last half-year and the coming month, newest first."""
    now = timezone.now()
    events = (
        permissions.managed_events(user)
        .filter(starts_at__gte=now - timedelta(days=183), starts_at__lte=now + timedelta(days=31))
        .exclude(status=Event.Status.DRAFT)
        .only("pk", "title", "starts_at")
        .order_by("-starts_at")[:OPTIONS_LIMIT]
    )
    return [(str(e.pk), f"{_short_date(e)} {e.title}") for e in events]


def _short_date(event: Event) -> str:
    return formats.date_format(timezone.localtime(event.starts_at), "SHORT_DATE_FORMAT")


def _event(user: User, key: str) -> Event:
    event = Event.objects.filter(pk=int(key) if key.isdigit() else 0).first()
    if event is None or not permissions.can_manage_event(user, event):
        raise PermissionDenied
    return event


def _registered(user: User, key: str) -> QuerySet[User]:
    event = _event(user, key)
    return User.objects.filter(
        registrations__event=event,
        registrations__status=Registration.Status.REGISTERED,
        is_active=True,
    )


def _attended(user: User, key: str) -> QuerySet[User]:
    event = _event(user, key)
    return User.objects.filter(
        registrations__event=event, registrations__attended_at__isnull=False, is_active=True
    )


AUDIENCES = [
    Audience(
        kind="event",
        label=_("registered for an event"),
        options=_options,
        people=_registered,
        order=10,
    ),
    Audience(
        kind="event_attended",
        label=_("present at an event"),
        options=_options,
        people=_attended,
        order=11,
    ),
]
