"""Horizontal learning (seed 004): a teacher who learned teaches colleagues, and is credited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from metodset.accounts.models import User
from metodset.events import services as event_services
from metodset.events.models import Event, Registration

from ..models import HoursCredit, Step
from .common import RouteError

# --- horizontal learning (seed 004) ------------------------------------------------------------


@transaction.atomic
def step_teach_colleagues(
    *,
    step: Step,
    by: User,
    starts_at: dt.datetime,
    duration_minutes: int = 90,
    hours: Decimal | None = None,
    format: str = Event.Format.OFFLINE,
    place: str = "",
    title: str = "",
) -> Event:
    """One learns, then teaches the rest: a teacher who has done a course commits to pass it
    on, which makes an internal event of the organisation (colleagues register as usual)."""
    route = step.route
    if step.status != Step.Status.DONE:
        raise RouteError(_("Finish the course first, then offer to teach colleagues."))
    if step.teaching_event_id:
        raise RouteError(_("You have already offered to teach this to colleagues."))
    if not title:
        with translation.override(settings.LANGUAGE_CODE):  # stored text
            title = _("Learning from a colleague: %(title)s") % {"title": step.title}
    event = event_services.event_create(
        by=by,
        organizer=route.organization,
        title=title,
        kind=Event.Kind.MASTER_CLASS,
        format=format,
        place=place,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        hours=hours if hours is not None else Decimal(duration_minutes) / Decimal(45),
        visibility=Event.Visibility.ORGANIZATION,
        description=lesson_description(name=route.user.get_full_name(), course=step.title),
        competencies=step.competency.code if step.competency else "",
        time_zone=by.time_zone,
    )
    step.teaching_event = event
    step.save(update_fields=["teaching_event"])
    return event


def lesson_description(*, name: str, course: str) -> str:
    """What a lesson for colleagues says of itself (rewritten without the name on deletion)."""
    with translation.override(settings.LANGUAGE_CODE):  # stored text
        return _(
            "%(name)s has completed «%(course)s» and passes it on to colleagues "
            "(horizontal learning)."
        ) % {"name": name, "course": course}


@transaction.atomic
def horizontal_credit(*, event: Event, by: User | None = None) -> int:
    """Credit the event's hours to the teacher who taught and to each colleague marked present.

    Safe to run again after attendance changes: credits are made once per person and role,
    and taken back from those no longer marked present. Returns how many people hold credits.
    """
    step = Step.objects.select_related("route").filter(teaching_event=event).first()
    if step is None:
        raise RouteError(_("This event is not a teacher's lesson for colleagues."))
    year = step.route.year
    hours = event.hours
    HoursCredit.objects.get_or_create(
        user_id=step.route.user_id,
        event=event,
        role=HoursCredit.Role.TRAINER,
        defaults={"step": step, "year": year, "hours": hours},
    )
    present = set(
        Registration.objects.filter(event=event, attended_at__isnull=False)
        .exclude(user_id=step.route.user_id)
        .values_list("user_id", flat=True)
    )
    HoursCredit.objects.filter(event=event, role=HoursCredit.Role.ATTENDEE).exclude(
        user_id__in=present
    ).delete()
    for user_id in present:
        HoursCredit.objects.get_or_create(
            user_id=user_id,
            event=event,
            role=HoursCredit.Role.ATTENDEE,
            defaults={"step": step, "year": year, "hours": hours},
        )
    return len(present) + 1
