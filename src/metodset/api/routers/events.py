"""Events in the JSON API: the catalogue as the caller may see it, and their own registration.

Times are ISO 8601 in UTC (``2026-11-25T10:00:00Z``); ``time_zone`` names the organiser's zone.
An event the caller may not see is 404, as on the pages.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import Http404
from django.http.response import HttpResponseBase
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from metodset.accounts.models import Organization, Region
from metodset.api.auth import ApiRequest
from metodset.core import uploads
from metodset.events import permissions, selectors, services
from metodset.events.models import Event, EventMaterial, Registration

from ..enums import choices_enum
from ..files import FILE_RESPONSES
from ..params import Id, Pagination

router = Router(tags=["events"])
# To mypy an enum made at run time is no type; it has the values of these choices.
if TYPE_CHECKING:
    EventKind = Event.Kind
    EventFormat = Event.Format
    EventStatus = Event.Status
    EventAudience = Event.Audience
    RegistrationStatus = Registration.Status
else:
    EventKind = choices_enum("EventKind", Event.Kind)
    EventFormat = choices_enum("EventFormat", Event.Format)
    EventStatus = choices_enum("EventStatus", Event.Status)
    EventAudience = choices_enum("EventAudience", Event.Audience)
    RegistrationStatus = choices_enum("RegistrationStatus", Registration.Status)


class OrganizationRef(Schema):
    id: int
    short_name: str


class RegionRef(Schema):
    id: int
    name: str


class NetworkRef(Schema):
    id: int
    name: str


class EventOut(Schema):
    id: int
    title: str
    kind: EventKind
    kind_label: str
    format: EventFormat
    status: EventStatus
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    time_zone: str
    organizer: OrganizationRef
    region: RegionRef
    network: NetworkRef | None
    audience: EventAudience
    hours: Decimal
    competencies: list[str]
    capacity: int | None
    registered_count: int
    places_free: int | None
    url: str

    @staticmethod
    def resolve_kind_label(obj: Event) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_region(obj: Event) -> Region:
        return obj.organizer.region

    @staticmethod
    def resolve_competencies(obj: Event) -> list[str]:
        return obj.competency_list()

    @staticmethod
    def resolve_url(obj: Event) -> str:
        return settings.SITE_URL + reverse("events:detail", args=[obj.pk])


class MaterialOut(Schema):
    title: str
    url: str


class RegistrationOut(Schema):
    status: RegistrationStatus
    waitlist_position: int | None = None
    attended: bool


class EventDetailOut(EventOut):
    description: str
    place: str
    online: bool
    recording_url: str
    materials: list[MaterialOut]
    my_registration: RegistrationOut | None

    @staticmethod
    def resolve_online(obj: Event) -> bool:
        return obj.is_online

    @staticmethod
    def resolve_materials(obj: Event) -> list[dict[str, str]]:
        return [
            {"title": m.title, "url": _material_url(m) if m.file else m.url}
            for m in obj.materials.all()
        ]

    @staticmethod
    def resolve_my_registration(obj: Event) -> dict | None:
        return obj.my_registration  # type: ignore[attr-defined]


class ErrorOut(Schema):
    detail: str


def _registration_out(registration: Registration | None) -> dict | None:
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return None
    waiting = registration.status == Registration.Status.WAITLISTED
    return {
        "status": registration.status,
        "waitlist_position": services.waitlist_position(registration) if waiting else None,
        "attended": registration.attended_at is not None,
    }


@router.get("/events", response=list[EventOut], summary="Events the caller may see")
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def event_list(
    request: ApiRequest,
    kind: EventKind | None = None,
    format: EventFormat | None = None,  # noqa: A002 - the API's parameter name
    region: Id | None = None,
    organizer: Id | None = None,
    audience: EventAudience | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    past: bool = False,
    q: str = "",
):
    filters = selectors.CatalogueFilters(
        kind=kind or "",
        format=format or "",
        region=Region.objects.filter(pk=region).first() if region else None,
        organizer=Organization.objects.filter(pk=organizer).first() if organizer else None,
        audience=audience or "",
        date_from=date_from,
        date_to=date_to,
        past=past,
        text=q,
    )
    if (region and filters.region is None) or (organizer and filters.organizer is None):
        return Event.objects.none()
    return selectors.catalogue(viewer=request.auth, filters=filters)


@router.get("/events/{event_id}", response=EventDetailOut, summary="An event")
def event_detail(request: ApiRequest, event_id: int):
    event = selectors.event_for_viewer(viewer=request.auth, event_id=event_id)
    event.my_registration = _registration_out(  # type: ignore[attr-defined]
        selectors.registration_of(event=event, user=request.auth)
    )
    return event


@router.post(
    "/events/{event_id}/registration",
    response={200: RegistrationOut, 400: ErrorOut},
    summary="Register the caller (or put them on the waiting list when the event is full)",
)
def registration_create(request: ApiRequest, event_id: int):
    event = selectors.event_for_viewer(viewer=request.auth, event_id=event_id)
    try:
        registration = services.registration_create(event=event, user=request.auth)
    except services.EventError as error:
        return Status(400, {"detail": str(error)})
    return Status(200, _registration_out(registration))


@router.delete(
    "/events/{event_id}/registration",
    response={204: None},
    summary="Cancel the caller's registration; the first on the waiting list takes the place",
)
def registration_delete(request: ApiRequest, event_id: int):
    event = selectors.event_for_viewer(viewer=request.auth, event_id=event_id)
    registration = selectors.registration_of(event=event, user=request.auth)
    if registration is not None:
        services.registration_cancel(registration=registration)
    return Status(204, None)


def _material_url(material: EventMaterial) -> str:
    return settings.SITE_URL + reverse(
        "api:event_material_file", args=[material.event_id, material.pk]
    )


@router.get(
    "/events/{event_id}/materials/{material_id}/file",
    url_name="event_material_file",
    summary="The file of a material of an event the caller may see",
    openapi_extra=FILE_RESPONSES,
)
def event_material_file(request: ApiRequest, event_id: Id, material_id: Id) -> HttpResponseBase:
    event = selectors.event_for_viewer(viewer=request.auth, event_id=event_id)
    material = permissions.material_of(event=event, pk=material_id)
    if not material.file:
        raise Http404
    return uploads.file_response(material.file, inline=True)
