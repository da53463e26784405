"""The public catalogue, an event's page and its calendar files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from metodset.accounts.models import User
from metodset.core import uploads
from metodset.core.http import HtmxRequest

from .. import calendars, permissions, selectors, services
from ..forms import CatalogueFilterForm, CheckInForm
from ..models import Event, Registration

if TYPE_CHECKING:
    from ..selectors import CountedEvent

CATALOGUE_PAGE_SIZE = 20


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _viewer(request: HttpRequest) -> User | None:
    return request.user if request.user.is_authenticated else None


def catalogue(request: HtmxRequest) -> HttpResponse:
    """Events by date with filters; open to everyone, members see their network's events too."""
    viewer = _viewer(request)
    form = CatalogueFilterForm(request.GET, viewer=viewer)
    filters = form.filters()
    events = selectors.catalogue(viewer=viewer, filters=filters)
    page = Paginator(events, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filtered": filters.any(),
        "page": page,
        "query": _query_without_page(request),
        "mine": selectors.registrations_by_event(user=viewer, events=list(page.object_list)),
        "now": timezone.now(),
        "can_create": viewer is not None and permissions.can_create_events(viewer),
        "tab": "catalogue",
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "events/_catalogue_list.html", context)
    return render(request, "events/catalogue.html", context)


def detail(request: HttpRequest, event_id: int) -> HttpResponse:
    viewer = _viewer(request)
    event = selectors.event_for_viewer(viewer=viewer, event_id=event_id)
    return render(request, "events/detail.html", detail_context(request, event))


def material_file(request: HttpRequest, event_id: int, material_id: int) -> HttpResponseBase:
    """A material's file, to whoever may see the event's page (404 to everyone else)."""
    event = selectors.event_for_viewer(viewer=_viewer(request), event_id=event_id)
    material = permissions.material_of(event=event, pk=material_id)
    if not material.file:
        raise Http404
    return uploads.file_response(material.file, inline=True)


def detail_context(request: HttpRequest, event: CountedEvent, **extra) -> dict:
    """What the event page shows this viewer; also used to re-render it with a form error."""
    viewer = _viewer(request)
    now = timezone.now()
    registration = selectors.registration_of(event=event, user=viewer)
    active = registration if registration and registration.status != "cancelled" else None
    manages = viewer is not None and permissions.can_manage_event(viewer, event)
    places = None if event.capacity is None else max(event.capacity - event.registered_count, 0)
    context = {
        "event": event,
        **_registration_state(active),
        "places_left": places,
        "manages": manages,
        "can_join": event.is_online
        and viewer is not None
        and permissions.can_join_meeting(viewer, event, active)
        and event.join_is_open(now)
        and event.status == Event.Status.PUBLISHED,
        "check_in_open": event.check_in_is_open(now) and event.status == Event.Status.PUBLISHED,
        # In the quarter of an hour the room is open before the start: the form, disabled.
        "check_in_not_yet": services.attendance_not_yet(
            event=event, time_zone=viewer.time_zone, now=now
        )
        if viewer is not None and event.status == Event.Status.PUBLISHED and event.join_is_open(now)
        else "",
        "registration_open": event.registration_is_open(now),
        "is_past": event.is_past(now),
        "materials": list(event.materials.all()),
        "series_events": list(
            event.series.events.filter(starts_at__gte=now, status=Event.Status.PUBLISHED)[:12]
        )
        if event.series is not None  # None without a query when there is no series
        else [],
        "check_in_form": CheckInForm(),
        "now": now,
    }
    context.update(extra)
    return context


def _registration_state(active: Registration | None) -> dict:
    """The viewer's place: registered, or waiting (and where in the queue), or neither."""
    waiting = active is not None and active.status == Registration.Status.WAITLISTED
    return {
        "registration": active,
        "is_registered": active is not None and active.status == Registration.Status.REGISTERED,
        "is_waitlisted": waiting,
        "waitlist_position": services.waitlist_position(active) if active and waiting else None,
    }


def event_ics(request: HttpRequest, event_id: int) -> HttpResponse:
    """One event as an .ics file to add to a calendar."""
    event = selectors.event_for_viewer(viewer=_viewer(request), event_id=event_id)
    response = HttpResponse(
        calendars.calendar_bytes([event], name=event.title), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's calendar feed: the secret in the address is the only credential."""
    found = permissions.calendar_token_for_feed(token=token)
    events = selectors.feed_events(user=found.user)
    name = f"{settings.SITE_NAME}: {found.user.get_short_name()}"
    response = HttpResponse(
        calendars.calendar_bytes(events, name=name), content_type="text/calendar"
    )
    response["Content-Disposition"] = 'inline; filename="metodset.ics"'
    return response
