"""The organisation's catalogue of activities and the layout of the route document."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from metodset.accounts.models import Organization, User
from metodset.diagnostics.models import Competency
from metodset.events.models import Event
from metodset.library.models import Collection, Material
from metodset.programs.models import Program

from .. import document
from ..models import Activity, Layout
from .common import RouteError

# --- catalogue and layout ----------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    by: User,
    organization: Organization,
    competencies: Iterable[Competency],
    **fields: Any,
) -> Activity:
    """An organisation's own catalogue item (an event, a course it recommends, a colleague...)."""
    activity = Activity(organization=organization, created_by=by, **fields)
    activity.full_clean(exclude=["slug"])
    activity.save()
    activity.competencies.set(list(competencies))
    return activity


def competencies_from_codes(text: str) -> list[Competency]:
    """Competencies named by code in a comma-separated field (an event's «competencies»),
    from the newest version of each framework that has the code."""
    codes = [c.strip() for c in text.split(",") if c.strip()]
    found: dict[str, Competency] = {}
    for competency in Competency.objects.filter(code__in=codes).order_by("framework__version"):
        found[competency.code] = competency
    return [found[c] for c in codes if c in found]


@transaction.atomic
def activity_from_platform(
    *,
    by: User,
    organization: Organization,
    competencies: Iterable[Competency] = (),
    hours: Decimal | None = None,
    event: Event | None = None,
    program: Program | None = None,
    material: Material | None = None,
    collection: Collection | None = None,
) -> Activity:
    """An event, programme, material or collection of the platform as a catalogue item of the
    organisation, with what the platform knows filled in: title, hours, dates, provider and,
    for an event, the competencies typed on it."""
    chosen = [x for x in (event, program, material, collection) if x is not None]
    if len(chosen) != 1:
        raise RouteError(_("Choose one event, programme, material or collection."))
    fields: dict[str, Any] = {}
    known: list[Competency] = []
    if event is not None:
        fields = {
            "kind": Activity.Kind.EVENT,
            "event": event,
            "title": event.title,
            "hours": event.hours,
            "format": event.format,
            "provider": event.organizer.short_name,
            "form": str(event.get_kind_display()),
        }
        known = competencies_from_codes(event.competencies)
    elif program is not None:
        fields = {
            "kind": Activity.Kind.PROGRAM,
            "program": program,
            "title": program.title,
            "hours": program.hours,
            "provider": program.organizer.short_name,
            "form": str(program.get_kind_display()),
        }
    elif material is not None:
        fields = {
            "kind": Activity.Kind.MATERIAL,
            "material": material,
            "title": material.title,
            "url": material.url,
            "provider": material.authors,
        }
        known = list(material.competencies.all())
    elif collection is not None:
        fields = {"kind": Activity.Kind.COLLECTION, "collection": collection}
        fields["title"] = collection.title
    if hours is not None:
        fields["hours"] = hours
    activity = Activity.objects.create(organization=organization, created_by=by, **fields)
    activity.competencies.set(list(competencies) or known)
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, competencies: Iterable[Competency], by: User, **fields: Any
) -> Activity:
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean(exclude=["slug"])
    activity.save()
    activity.competencies.set(list(competencies))
    return activity


def layout_set(*, organization: Organization, columns: list[str]) -> Layout:
    """The columns of the organisation's route document, in order."""
    unknown = [c for c in columns if c not in document.COLUMNS]
    if unknown or not columns:
        raise RouteError(_("Choose at least one known column."))
    layout, _created = Layout.objects.update_or_create(
        organization=organization, defaults={"columns": list(dict.fromkeys(columns))}
    )
    return layout
