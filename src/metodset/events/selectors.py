"""Reads of events with the joins and counts their pages need, in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import (
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.http import Http404, HttpRequest
from django.utils import timezone

from metodset.accounts.models import Membership, Organization, Region, User
from metodset.core.queries import subquery_count

from . import permissions, search
from .models import Event, Registration

Status = Registration.Status


def _ends_at(prefix: str = "") -> ExpressionWrapper[CombinedExpression]:
    """``Event.ends_at`` in SQL: start plus duration (SQLite wants plain integer minutes)."""
    minutes = ExpressionWrapper(F(f"{prefix}duration_minutes"), output_field=IntegerField())
    duration = ExpressionWrapper(
        minutes * Value(timedelta(minutes=1), output_field=DurationField()),
        output_field=DurationField(),
    )
    return ExpressionWrapper(F(f"{prefix}starts_at") + duration, output_field=DateTimeField())


def _not_ended(now: datetime, prefix: str = "") -> GreaterThanOrEqual:
    """An event is coming until it ends, however long ago it began."""
    return GreaterThanOrEqual(_ends_at(prefix), now)


def _ended(now: datetime, prefix: str = "") -> LessThan:
    return LessThan(_ends_at(prefix), now)


class EventCounts(TypedDict):
    """What ``with_counts`` annotates on each event."""

    registered_count: int
    waitlisted_count: int


if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import WithAnnotations

    CountedEvent = WithAnnotations[Event, EventCounts]


def with_counts(events: QuerySet[Event]) -> QuerySet[CountedEvent]:
    """Events with ``registered_count``, ``waitlisted_count`` and their organiser and region."""
    return events.select_related("organizer__region", "network").annotate(
        registered_count=subquery_count(
            Registration.objects.filter(event=OuterRef("pk"), status=Status.REGISTERED)
        ),
        waitlisted_count=subquery_count(
            Registration.objects.filter(event=OuterRef("pk"), status=Status.WAITLISTED)
        ),
    )


@dataclass(frozen=True)
class CatalogueFilters:
    kind: str = ""
    format: str = ""
    organizer: Organization | None = None
    region: Region | None = None
    audience: str = ""
    date_from: date | None = None  # in the viewer's zone
    date_to: date | None = None
    past: bool = False
    text: str = ""

    def any(self) -> bool:
        return any(
            (
                self.kind,
                self.format,
                self.organizer,
                self.region,
                self.audience,
                self.date_from,
                self.date_to,
                self.past,
                self.text,
            )
        )


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def catalogue(
    *, viewer: User | None, filters: CatalogueFilters, now: datetime | None = None
) -> QuerySet[Event]:
    """The events the viewer may see, filtered: coming ones by date, or past ones newest first."""
    now = now or timezone.now()
    events = permissions.visible_events(viewer)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.format:
        events = events.filter(format=filters.format)
    if filters.organizer is not None:
        events = events.filter(organizer=filters.organizer)
    if filters.region is not None:
        events = events.filter(organizer__region=filters.region)
    if filters.audience:
        events = events.filter(audience__in=[filters.audience, Event.Audience.ALL])
    if filters.date_from:
        events = events.filter(starts_at__gte=_local_midnight(filters.date_from))
    if filters.date_to:
        events = events.filter(starts_at__lt=_local_midnight(filters.date_to + timedelta(days=1)))
    if text := filters.text.strip():
        # Every word in any form, through the full-text index (title, place, organiser,
        # competencies, description): LIKE over case variants took 274 ms at 20,000 events.
        events = search.matching(events, text)
    if filters.past:
        events = events.filter(_ended(now)).order_by("-starts_at", "-pk")
    else:
        if not filters.date_from:
            events = events.filter(_not_ended(now))
            events = events.exclude(status=Event.Status.CANCELLED, starts_at__lt=now)
        events = events.order_by("starts_at", "pk")
    return with_counts(events)


FILTER_OPTIONS_SECONDS = 300


def catalogue_filter_options(*, viewer: User | None) -> dict[str, list[tuple[int, str]]]:
    """Regions and organisers that hold events the viewer may see, for the catalogue's filter.

    Finding them scans every visible event (tens of milliseconds at 20,000 events), and they
    change rarely, so they are cached per viewer for a few minutes. Semi-joins
    (``pk IN (SELECT organizer_id …)``), not JOIN + DISTINCT: SQLite plans the latter over
    every event row, which took seconds.
    """
    key = f"events:filter-options:{viewer.pk if viewer is not None else 'anon'}"
    options: dict[str, list[tuple[int, str]]] | None = cache.get(key)
    if options is None:
        visible = permissions.visible_events(viewer)
        options = {
            "organizers": list(
                Organization.objects.filter(pk__in=visible.values("organizer_id"))
                .order_by("short_name")
                .values_list("pk", "short_name")
            ),
            "regions": list(
                Region.objects.filter(pk__in=visible.values("organizer__region_id"))
                .order_by("name")
                .values_list("pk", "name")
            ),
        }
        cache.set(key, options, FILTER_OPTIONS_SECONDS)
    return options


def registrations_by_event(*, user: User | None, events: list[Event]) -> dict[int, Registration]:
    """The viewer's registrations for the events on a page, by event id (one query)."""
    if user is None or not user.is_authenticated or not events:
        return {}
    return {
        r.event_id: r
        for r in Registration.objects.filter(user=user, event__in=[e.pk for e in events]).exclude(
            status=Status.CANCELLED
        )
    }


# --- one event ------------------------------------------------------------------------------


def event_for_viewer(*, viewer: User | None, event_id: int) -> CountedEvent:
    """The event with its counts; 404 if it does not exist or the viewer may not see it."""
    event = with_counts(Event.objects.all()).filter(pk=event_id).first()
    if event is None or not permissions.can_view_event(viewer, event):
        raise Http404
    return event


def event_for_manager(*, viewer: User, event_id: int) -> CountedEvent:
    """404 if the viewer cannot see the event at all, 403 if they see it but do not run it."""
    event = event_for_viewer(viewer=viewer, event_id=event_id)
    if not permissions.can_manage_event(viewer, event):
        raise PermissionDenied
    return event


def registration_of(*, event: Event, user: User | None) -> Registration | None:
    if user is None or not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user).first()


def attendance(*, event: Event) -> QuerySet[Registration]:
    """Registered and waiting people of an event, registered first, by name."""
    return (
        Registration.objects.filter(event=event)
        .exclude(status=Status.CANCELLED)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__memberships",
                queryset=Membership.objects.filter(organization__isnull=False)
                .select_related("organization")
                .order_by("organization__short_name"),
                to_attr="org_memberships",
            )
        )
        .order_by("status", "user__last_name", "user__first_name", "user__middle_name", "pk")
    )


# --- a person's events ------------------------------------------------------------------------


def my_registrations(
    *, user: User, past: bool, now: datetime | None = None
) -> QuerySet[Registration]:
    now = now or timezone.now()
    registrations = (
        Registration.objects.filter(user=user)
        .exclude(status=Status.CANCELLED)
        .select_related("event__organizer__region")
    )
    if past:
        return registrations.filter(_ended(now, "event__")).order_by("-event__starts_at", "-pk")
    return registrations.filter(_not_ended(now, "event__")).order_by("event__starts_at", "pk")


def managed(*, user: User, past: bool, now: datetime | None = None) -> QuerySet[Event]:
    """Events the user runs, coming ones first, with counts."""
    now = now or timezone.now()
    events = permissions.managed_events(user)
    if past:
        events = events.filter(_ended(now)).order_by("-starts_at", "-pk")
    else:
        events = events.filter(_not_ended(now)).order_by("starts_at", "pk")
    return with_counts(events)


def feed_events(*, user: User, now: datetime | None = None) -> QuerySet[Event]:
    """What a person's calendar feed holds: events they registered for, from a month back.

    Cancelled events stay (as cancelled) so that calendar programs remove them.
    """
    now = now or timezone.now()
    return (
        Event.objects.filter(
            registrations__user=user,
            registrations__status=Status.REGISTERED,
            starts_at__gte=now - timedelta(days=31),
        )
        .exclude(status=Event.Status.DRAFT)
        .select_related("organizer")
        .order_by("starts_at", "pk")
    )


def week_section(request: HttpRequest) -> dict[str, Any] | None:
    """«Моя неделя»: the person's events of the next seven days, by day, in their zone."""
    user = request.user
    if not user.is_authenticated:
        return None
    now = timezone.now()
    registrations = list(
        Registration.objects.filter(
            user=user,
            status__in=[Status.REGISTERED, Status.WAITLISTED],
            event__starts_at__gte=now - timedelta(hours=3),
            event__starts_at__lt=now + timedelta(days=7),
        )
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event__organizer")
        .order_by("event__starts_at", "pk")
    )
    days: dict[date, list[Registration]] = {}
    for registration in registrations:
        if registration.event.is_past(now):
            continue
        day = timezone.localtime(registration.event.starts_at).date()
        days.setdefault(day, []).append(registration)
    if not days:
        return None  # the week's general "nothing yet" message shows instead
    return {"days": sorted(days.items()), "now": now}
