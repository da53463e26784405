"""Writes about events: creating and changing them, registration with a waiting list,
attendance, recurring series, calendar tokens and reminders.

Every function that changes several rows runs in one transaction. Registration locks the
event row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions serialise
writers) so that two people can never take the last place at once.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.accounts.models import Network, Organization, User
from metodset.accounts.timezones import moment_text
from metodset.core.models import OutgoingEmail
from metodset.core.services import email_queue

from . import calendars, meetings, recurrence, search
from .models import CalendarToken, Event, EventMaterial, EventSeries, Registration, ReminderDelivery

Status = Registration.Status

# Fields whose change the registered people are told about, and calendars must pick up.
SCHEDULE_FIELDS = frozenset({"starts_at", "duration_minutes", "place", "format"})
WRONG_CODE_LIMIT = 10  # wrong check-in codes a person may type in an hour


class EventError(Exception):
    """A refusal the person should read: registration closed, wrong code, no places..."""


# --- events -------------------------------------------------------------------------------


@transaction.atomic
def event_create(
    *,
    by: User,
    organizer: Organization,
    network: Network | None = None,
    series: EventSeries | None = None,
    **fields: Any,
) -> Event:
    """A new event; a Jitsi or BigBlueButton event gets its room here."""
    event = Event(organizer=organizer, network=network, created_by=by, series=series, **fields)
    if event.provider in (Event.Provider.JITSI, Event.Provider.BBB) and not event.meeting_room:
        event.meeting_room = meetings.room_for(event.provider)
    event.full_clean(exclude=["check_in_code", "meeting_secret"])
    event.save()
    search.reindex_event(event)
    return event


@transaction.atomic
def event_update(*, event: Event, by: User, **fields: Any) -> Event:
    """Change an event. A new time or place is e-mailed to everyone registered, calendars get
    a new ``SEQUENCE``, and the reminders go out again for the new time."""
    before = {name: getattr(event, name) for name in SCHEDULE_FIELDS}
    old_provider = event.provider
    for name, value in fields.items():
        setattr(event, name, value)
    if event.provider != old_provider or (
        event.provider in (Event.Provider.JITSI, Event.Provider.BBB) and not event.meeting_room
    ):
        event.meeting_room = meetings.room_for(event.provider)
    event.full_clean(exclude=["check_in_code", "meeting_secret"])
    rescheduled = any(getattr(event, name) != value for name, value in before.items())
    if rescheduled:
        event.sequence += 1
    event.save()
    search.reindex_event(event)
    if rescheduled and event.status == Event.Status.PUBLISHED:
        if event.starts_at != before["starts_at"]:
            ReminderDelivery.objects.filter(registration__event=event).delete()
        for registration in _active_registrations(event):
            _email(registration, "changed", gettext_lazy("The event has changed: %(title)s"))
    return event


@transaction.atomic
def event_cancel(*, event: Event, by: User, reason: str = "") -> int:
    """Cancel the event and write to everyone registered or waiting; return how many."""
    if event.status == Event.Status.CANCELLED:
        return 0
    event.status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.cancel_reason = reason.strip()
    event.sequence += 1
    event.save(update_fields=["status", "cancelled_at", "cancel_reason", "sequence", "updated_at"])
    registrations = list(_active_registrations(event))
    for registration in registrations:
        _email(registration, "cancelled", gettext_lazy("The event is cancelled: %(title)s"))
    return len(registrations)


def _active_registrations(event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event, status__in=[Status.REGISTERED, Status.WAITLISTED])
        .select_related("user", "event__organizer")
        .order_by("pk")
    )


# --- registration and the waiting list ----------------------------------------------------


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("organizer").get(pk=event.pk)


def _registered_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Status.REGISTERED).count()


def places_left(event: Event) -> int | None:
    """Free places, or None when the event has no limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - _registered_count(event), 0)


@transaction.atomic
def registration_create(*, event: Event, user: User, now: datetime | None = None) -> Registration:
    """Register the person, or put them on the waiting list when the event is full.

    Registering again is harmless: it returns the existing place.
    """
    now = now or timezone.now()
    event = _locked(event)
    if event.status == Event.Status.CANCELLED:
        raise EventError(_("The event is cancelled."))
    existing = Registration.objects.filter(event=event, user=user).first()
    if existing is not None and existing.status != Status.CANCELLED:
        return existing
    if event.registration_opens_at and now < event.registration_opens_at:
        raise EventError(_("Registration has not opened yet."))
    if not event.registration_is_open(now):
        raise EventError(_("Registration is closed."))
    full = event.capacity is not None and _registered_count(event) >= event.capacity
    registration = existing or Registration(event=event, user=user)
    registration.status = Status.WAITLISTED if full else Status.REGISTERED
    registration.created_at = now
    registration.waitlisted_at = now if full else None
    registration.cancelled_at = None
    registration.save()
    if full:
        _email(
            registration,
            "waitlisted",
            gettext_lazy("You are on the waiting list: %(title)s"),
            position=waitlist_position(registration),
        )
    else:
        _email(
            registration,
            "registered",
            gettext_lazy("You are registered: %(title)s"),
            attach_ics=True,
        )
    return registration


def waitlist_position(registration: Registration) -> int:
    """1 for the first in the waiting list."""
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=Status.WAITLISTED,
        )
        .filter(
            Q(waitlisted_at__lt=registration.waitlisted_at)
            | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


@transaction.atomic
def registration_cancel(*, registration: Registration, now: datetime | None = None) -> None:
    """Give the place up; the first on the waiting list takes it."""
    now = now or timezone.now()
    event = _locked(registration.event)
    registration.refresh_from_db()
    if registration.status == Status.CANCELLED:
        return
    was_registered = registration.status == Status.REGISTERED
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    if was_registered:
        waitlist_promote(event=event, now=now)


def waitlist_promote(*, event: Event, now: datetime | None = None) -> list[Registration]:
    """Move people up from the waiting list into free places, first come first served."""
    now = now or timezone.now()
    if event.status != Event.Status.PUBLISHED or event.is_past(now):
        return []
    promoted = []
    free = places_left(event)
    waiting = Registration.objects.filter(event=event, status=Status.WAITLISTED).order_by(
        "waitlisted_at", "pk"
    )
    for registration in waiting.select_related("user")[: free if free is not None else None]:
        registration.status = Status.REGISTERED
        registration.save(update_fields=["status"])
        _email(
            registration,
            "promoted",
            gettext_lazy("A place is yours: %(title)s"),
            attach_ics=True,
        )
        promoted.append(registration)
    return promoted


@transaction.atomic
def series_register_all(*, series: EventSeries, user: User) -> list[Registration]:
    """Register for every coming meeting of a series whose registration is open."""
    now = timezone.now()
    registrations = []
    for event in series.events.filter(status=Event.Status.PUBLISHED, starts_at__gt=now):
        if event.registration_is_open(now):
            registrations.append(registration_create(event=event, user=user, now=now))
    return registrations


@transaction.atomic
def registrations_ensure(*, events: Iterable[Event], user_ids: Iterable[int]) -> None:
    """Register each person for each event, as a programme registers its participants.

    Programme participants bypass the capacity and the waiting list, and get no letter:
    the programme, not the event, decided they take part (the programme's own letters tell
    them about its events). A cancelled or waiting place becomes a registered one again.
    """
    event_ids = sorted({event.pk for event in events})
    people = sorted(set(user_ids))
    if not event_ids or not people:
        return
    existing = Registration.objects.filter(event_id__in=event_ids, user_id__in=people)
    known = set(existing.values_list("event_id", "user_id"))
    existing.exclude(status=Status.REGISTERED, cancelled_at=None).update(
        status=Status.REGISTERED, cancelled_at=None
    )
    Registration.objects.bulk_create(
        [
            Registration(event_id=event_id, user_id=user_id, status=Status.REGISTERED)
            for event_id in event_ids
            for user_id in people
            if (event_id, user_id) not in known
        ]
    )


def event_describe(*, event_id: int, description: str) -> None:
    """Replace an event's description (a person's name taken out of it when she is erased)."""
    Event.objects.filter(pk=event_id).update(description=description)
    search.reindex_events([event_id])


def events_publish(*, events: QuerySet[Event]) -> int:
    """Publish the drafts among these events (a programme opening its recruitment)."""
    return Event.objects.filter(pk__in=events.values("pk"), status=Event.Status.DRAFT).update(
        status=Event.Status.PUBLISHED
    )


# --- attendance ---------------------------------------------------------------------------


def attendance_check_in(
    *, event: Event, user: User, code: str, now: datetime | None = None
) -> Registration:
    """Mark the person present with the code the organiser shows.

    Someone who came without registering (or from the waiting list) is registered on the spot:
    attendance is a fact, whatever the list said. Wrong codes are counted outside the
    transaction (the cache may live in the same database) so that guessing is limited.
    """
    now = now or timezone.now()
    if event.status != Event.Status.PUBLISHED:
        raise EventError(_("The event is cancelled."))
    not_yet = attendance_not_yet(event=event, time_zone=user.time_zone, now=now)
    if not_yet:
        raise EventError(not_yet)
    if not event.check_in_is_open(now):
        raise EventError(_("Check-in is open only during the event."))
    attempts_key = f"events:checkin:{event.pk}:{user.pk}"
    if cache.get(attempts_key, 0) >= WRONG_CODE_LIMIT:
        raise EventError(_("Too many wrong codes. Ask the organiser to mark you present."))
    if code.strip() != event.check_in_code:
        cache.set(attempts_key, cache.get(attempts_key, 0) + 1, 3600)
        raise EventError(_("Wrong code. Check the code the organiser shows."))
    with transaction.atomic():
        registration, _created = Registration.objects.get_or_create(
            event=event, user=user, defaults={"status": Status.REGISTERED, "created_at": now}
        )
        if registration.status != Status.REGISTERED:
            registration.status = Status.REGISTERED
            registration.cancelled_at = None
        if registration.attended_at is None:
            registration.attended_at = now
        registration.save()
    return registration


def attendance_not_yet(*, event: Event, time_zone: str, now: datetime | None = None) -> str:
    """Why attendance cannot be marked yet, with the start in the reader's zone; "" once the
    event has started. Marks made in advance would make certificates possible for an event
    nobody has attended yet."""
    if (now or timezone.now()) >= event.starts_at:
        return ""
    return _("Attendance can be marked from the start of the event: %(when)s.") % {
        "when": moment_text(event.starts_at, time_zone)
    }


@transaction.atomic
def attendance_mark(*, registration: Registration, attended: bool, by: User) -> Registration:
    """The organiser marks a participant present or absent; present only once it started."""
    if attended:
        not_yet = attendance_not_yet(event=registration.event, time_zone=by.time_zone)
        if not_yet:
            raise EventError(not_yet)
    if attended and registration.attended_at is None:
        registration.attended_at = timezone.now()
        registration.attendance_marked_by = by
        if registration.status != Status.REGISTERED:
            registration.status = Status.REGISTERED
            registration.cancelled_at = None
    elif not attended:
        registration.attended_at = None
        registration.attendance_marked_by = by
    registration.save()
    return registration


def check_in_code_reset(*, event: Event) -> str:
    event.check_in_code = f"{secrets.randbelow(10**6):06d}"
    event.save(update_fields=["check_in_code", "updated_at"])
    return event.check_in_code


# --- recurring series ---------------------------------------------------------------------


@transaction.atomic
def series_create(
    *,
    by: User,
    organizer: Organization,
    network: Network | None,
    start_time: time,
    time_zone: str,
    first_date: date,
    last_date: date,
    interval_weeks: int = 1,
    exceptions: list[date] | None = None,
    weekday: int | None = None,
    **fields: Any,
) -> tuple[EventSeries, list[Event]]:
    """A weekly series (every N weeks on the weekday of ``first_date``) and its meetings."""
    weekday = first_date.weekday() if weekday is None else weekday
    exceptions = sorted(set(exceptions or []))
    series = EventSeries.objects.create(
        title=fields["title"],
        weekday=weekday,
        start_time=start_time,
        time_zone=time_zone,
        first_date=first_date,
        last_date=last_date,
        interval_weeks=interval_weeks,
        exceptions=[d.isoformat() for d in exceptions],
    )
    events = []
    dates = recurrence.occurrence_dates(
        weekday=weekday,
        first=first_date,
        last=last_date,
        interval_weeks=interval_weeks,
        exceptions=exceptions,
    )
    if not dates:
        raise EventError(_("The series has no dates: check the period and the exceptions."))
    for day in dates:
        events.append(
            event_create(
                by=by,
                organizer=organizer,
                network=network,
                series=series,
                starts_at=recurrence.starts_in_utc(day, start_time, time_zone),
                time_zone=time_zone,
                **fields,
            )
        )
    return series, events


# --- materials ----------------------------------------------------------------------------


def material_add(
    *, event: Event, by: User, title: str, url: str = "", file: Any = None
) -> EventMaterial:
    material = EventMaterial(event=event, added_by=by, title=title, url=url)
    if file is not None:
        material.file = file
    material.save()
    return material


def material_delete(*, material: EventMaterial) -> None:
    if material.file:
        material.file.delete(save=False)
    material.delete()


# --- personal calendar feed ---------------------------------------------------------------


def calendar_token_for(*, user: User) -> str:
    token, _created = CalendarToken.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token.token


def calendar_token_reset(*, user: User) -> str:
    """A new secret: the old feed address stops working (e.g. after it leaked)."""
    CalendarToken.objects.update_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return CalendarToken.objects.get(user=user).token


# --- reminders ----------------------------------------------------------------------------

REMINDER_LEAD = {
    ReminderDelivery.Kind.DAY_BEFORE: timedelta(hours=24),
    ReminderDelivery.Kind.HOUR_BEFORE: timedelta(hours=1),
}


def reminders_due(*, kind: str, now: datetime, limit: int) -> list[int]:
    """Ids of registrations whose reminder of this kind is due and not yet sent.

    The day-before reminder goes from 24 h to 1 h before the start, and not to people who
    registered within the last day (their confirmation has just arrived); the hour-before
    one goes in the last hour.
    """
    lead = REMINDER_LEAD[ReminderDelivery.Kind(kind)]
    window_end = now + lead
    window_start = now + timedelta(hours=1) if kind == ReminderDelivery.Kind.DAY_BEFORE else now
    due = Registration.objects.filter(
        status=Status.REGISTERED,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=window_start,
        event__starts_at__lte=window_end,
    ).exclude(reminders__kind=kind)
    if kind == ReminderDelivery.Kind.DAY_BEFORE:
        due = due.filter(created_at__lte=F("event__starts_at") - lead)
    return list(due.order_by("event__starts_at", "pk").values_list("pk", flat=True)[:limit])


def reminder_send(*, registration_id: int, kind: str) -> bool:
    """Send one reminder exactly once: the unique (registration, kind) row is written in the
    same transaction as the queued e-mail, so a crash leaves both or neither."""
    try:
        with transaction.atomic():
            delivery = ReminderDelivery.objects.create(registration_id=registration_id, kind=kind)
            registration = Registration.objects.select_related("user", "event__organizer").get(
                pk=registration_id
            )
            delivery.email = _email(
                registration,
                "reminder",
                gettext_lazy("Reminder: %(title)s"),
                kind=kind,
                soon=kind == ReminderDelivery.Kind.HOUR_BEFORE,
            )
            delivery.save(update_fields=["email"])
    except IntegrityError:  # another worker sent it a moment ago
        return False
    return True


def reminders_send_due(
    *, now: datetime | None = None, limit: int | None = None
) -> tuple[int, bool]:
    """Send due reminders, up to ``limit`` of each kind; return (sent, more_left)."""
    now = now or timezone.now()
    limit = limit or settings.EVENT_REMINDER_BATCH
    sent = 0
    more = False
    for kind in (ReminderDelivery.Kind.HOUR_BEFORE, ReminderDelivery.Kind.DAY_BEFORE):
        ids = reminders_due(kind=kind, now=now, limit=limit)
        more = more or len(ids) == limit
        for registration_id in ids:
            sent += reminder_send(registration_id=registration_id, kind=kind)
    return sent, more


# --- e-mail ---------------------------------------------------------------------------------


def _email(
    registration: Registration,
    template: str,
    subject: Any,
    *,
    attach_ics: bool = False,
    **context: Any,
) -> OutgoingEmail:
    event = registration.event
    user = registration.user
    attachments = []
    if attach_ics:
        with translation.override(settings.LANGUAGE_CODE):  # stored with the letter
            calendar = calendars.calendar_bytes([event], name=event.title).decode()
        attachments.append(
            {"filename": f"event-{event.pk}.ics", "mimetype": "text/calendar", "content": calendar}
        )
    return email_queue(
        to=user.email,
        subject=_subject(subject, event),
        template=f"events/email/{template}",
        context={
            "user": user,
            "event": event,
            "registration": registration,
            "event_url": settings.SITE_URL + reverse("events:detail", args=[event.pk]),
            **context,
        },
        attachments=attachments,
    )


class _subject:
    """A lazy subject with the event's title, translated when the e-mail is rendered."""

    def __init__(self, template: Any, event: Event) -> None:
        self.template = template
        self.title = event.title

    def __str__(self) -> str:
        return str(self.template) % {"title": self.title}
