"""A person's registrations and events in their data export, and what is erased when they are
deleted (152-ФЗ)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from metodset.accounts.models import User
from metodset.accounts.services import iso

from . import services
from .models import CalendarToken, Event, EventMaterial, Registration


def export(sender: object, *, person: User, **kwargs: object) -> tuple[str, Any]:
    """Registrations with attendance and hours, events the person created, materials they added.

    The calendar feed is named with its date only: its secret is a credential, not data.
    """
    registrations = (
        Registration.objects.filter(user=person)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )
    created = Event.objects.filter(created_by=person).order_by("starts_at", "pk")
    materials = (
        EventMaterial.objects.filter(added_by=person)
        .select_related("event")
        .order_by("created_at", "pk")
    )
    token = CalendarToken.objects.filter(user=person).first()
    return (
        "events",
        {
            "registrations": [_registration(r) for r in registrations],
            "events_created": [
                {
                    "title": event.title,
                    "role": "organiser",
                    "starts_at": event.starts_at.isoformat(),
                    "ends_at": event.ends_at.isoformat(),
                    "status": event.status,
                }
                for event in created
            ],
            "materials_added": [
                {
                    "event": material.event.title,
                    "title": material.title,
                    "url": material.url,
                    "file": material.file.name,
                    "added_at": material.created_at.isoformat(),
                }
                for material in materials
            ],
            "calendar_feed_since": token.created_at.isoformat() if token else None,
        },
    )


def _registration(registration: Registration) -> dict[str, Any]:
    event = registration.event
    attended = registration.attended_at is not None
    hours = event.hours if attended and not event.is_cancelled else Decimal(0)
    return {
        "event": event.title,
        "kind": event.kind,
        "format": event.format,
        "place": event.place,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "event_status": event.status,
        "status": registration.status,
        "registered_at": registration.created_at.isoformat(),
        "waitlisted_at": iso(registration.waitlisted_at),
        "cancelled_at": iso(registration.cancelled_at),
        "attended": attended,
        "attended_at": iso(registration.attended_at),
        "hours_credited": str(hours),
    }


def erase(sender: object, *, person_id: int, **kwargs: object) -> None:
    """Registrations and attendance of past events stay: organisers' counts and issued
    certificates rest on them, and the person's row is already anonymised. A registration
    holds no text the person wrote, so nothing there is cleared. Places at events still to
    come are given up (the first on the waiting list takes each), so nobody who has left holds
    a seat or is promoted into one. The calendar feed's secret goes: a credential of nobody.
    """
    upcoming = Registration.objects.filter(
        user_id=person_id,
        event__starts_at__gt=timezone.now(),
        status__in=[Registration.Status.REGISTERED, Registration.Status.WAITLISTED],
    ).select_related("event")
    for registration in upcoming:
        services.registration_cancel(registration=registration)
    CalendarToken.objects.filter(user_id=person_id).delete()
