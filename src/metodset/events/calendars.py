"""iCalendar (RFC 5545) files: one event's .ics and a person's subscription feed.

Times are written in UTC (``DTSTART:20261125T100000Z``): an instant every calendar program
shows right in its own zone, Kaliningrad or Kamchatka. The meeting link itself is never
written: for an online event the location is the platform's "join" address, which checks
that the person is registered. ``SEQUENCE`` grows when the time or place changes, and a
cancelled event stays in the feed as ``STATUS:CANCELLED`` so that calendars remove it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "metodset"


def _event_url(event: Event) -> str:
    return settings.SITE_URL + reverse("events:detail", args=[event.pk])


def _location(event: Event) -> str:
    online = settings.SITE_URL + reverse("events:join", args=[event.pk]) if event.provider else ""
    if event.format == Event.Format.OFFLINE or not online:
        return event.place
    if event.format == Event.Format.HYBRID and event.place:
        return f"{event.place}; {_('online')}: {online}"
    return online


def _component(event: Event, *, stamp: datetime) -> CalendarEvent:
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@{_uid_domain()}")
    item.add("dtstamp", stamp)
    item.add("dtstart", event.starts_at.astimezone(UTC))
    item.add("dtend", event.ends_at.astimezone(UTC))
    item.add("summary", event.title)
    description = f"{event.get_kind_display().capitalize()}. {event.organizer.short_name}.\n"
    if event.description:
        description += f"\n{event.description}\n"
    description += f"\n{_event_url(event)}"
    item.add("description", description)
    if location := _location(event):
        item.add("location", location)
    item.add("url", _event_url(event))
    item.add("sequence", event.sequence)
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("last-modified", event.updated_at.astimezone(UTC))
    return item


def calendar_bytes(events: Iterable[Event], *, name: str) -> bytes:
    """An iCalendar file with the given events (``organizer`` should be selected with them)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Metodset//Metodset//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-published-ttl", "PT1H")  # how often subscribers should look again
    stamp = timezone.now().astimezone(UTC)
    for event in events:
        calendar.add_component(_component(event, stamp=stamp))
    return calendar.to_ical()
