"""Writes of a community's work: the lines of its analysis, its learning plan (and a line sent
to the member's route), its meetings as events of the events app, their agenda and minutes.

Rows of other apps are written through their services only: route steps through
``routes.services.step_add``, meetings through ``events.services.series_create`` and
``registrations_ensure``.

Meetings of a closed community: events have no audience «the members of a community» (their
visibility is the public catalogue, a network or an organisation). So that nobody outside the
community finds them, the meetings of a community open to its members only are made as
*unpublished* events of the organisation (drafts: in no catalogue, not even the
organisation's); the members are registered for them and read them on the community's own
meeting pages. A community opened to the organisation, the network or as a public case gets
published meetings seen by the organisation (by the network, for a network community).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.accounts.models import User
from metodset.diagnostics.models import Competency, ResultsTable
from metodset.events import services as event_services
from metodset.events.models import Event
from metodset.routes import permissions as route_permissions
from metodset.routes import services as route_services
from metodset.routes.models import Route, Step

from ..models import AnalysisLink, Community, LearningItem, Meeting, Member
from ..selectors import work as selectors


class WorkError(Exception):
    """A refusal the person should read (in Russian)."""


# --- the analysis: «затруднения детей — следствие дефицитов» ------------------------------


def _check_table(community: Community, table: ResultsTable | None) -> None:
    if table is not None and not selectors.results_tables(community).filter(pk=table.pk).exists():
        raise WorkError(_("These children's results are not of the community's organisation."))


@transaction.atomic
def analysis_link_create(
    *,
    community: Community,
    difficulty: str,
    results_table: ResultsTable | None = None,
    results_area: str = "",
    competency: Competency | None = None,
    note: str = "",
    by: User,
) -> AnalysisLink:
    _check_table(community, results_table)
    return AnalysisLink.objects.create(
        community=community,
        difficulty=difficulty.strip(),
        results_table=results_table,
        results_area=results_area.strip(),
        competency=competency,
        note=note.strip(),
        created_by=by,
    )


@transaction.atomic
def analysis_link_update(
    *,
    link: AnalysisLink,
    difficulty: str,
    results_table: ResultsTable | None = None,
    results_area: str = "",
    competency: Competency | None = None,
    note: str = "",
    by: User,
) -> AnalysisLink:
    _check_table(link.community, results_table)
    link.difficulty = difficulty.strip()
    link.results_table = results_table
    link.results_area = results_area.strip()
    link.competency = competency
    link.note = note.strip()
    link.save()
    return link


@transaction.atomic
def analysis_link_delete(*, link: AnalysisLink, by: User) -> None:
    link.delete()


# --- the learning plan ---------------------------------------------------------------------

# The «форма» column of the route document for each kind of learning (stored in Russian).
ROUTE_FORM_OF_KIND = {
    LearningItem.Kind.VERTICAL: gettext_lazy("professional development course"),
    LearningItem.Kind.HORIZONTAL: gettext_lazy(
        "professional development course, then teaching colleagues (horizontal learning)"
    ),
    LearningItem.Kind.INTERNET: gettext_lazy("self-study with internet resources"),
    LearningItem.Kind.WALK: gettext_lazy("learning walk in another organisation"),
    LearningItem.Kind.SERVICE: gettext_lazy(
        "resources of the municipal or regional methodical service"
    ),
}


def _check_member(community: Community, member: User) -> None:
    if not Member.objects.filter(community=community, user=member).exists():
        raise WorkError(_("Only a member of the community can be in its learning plan."))


def _check_dates(starts_on: dt.date | None, ends_on: dt.date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise WorkError(_("The end date is before the start date."))


@transaction.atomic
def learning_item_create(
    *,
    community: Community,
    member: User,
    kind: str,
    title: str,
    place: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    teaches_back_on: dt.date | None = None,
    competency: Competency | None = None,
    by: User,
) -> LearningItem:
    _check_member(community, member)
    _check_dates(starts_on, ends_on)
    return LearningItem.objects.create(
        community=community,
        member=member,
        kind=kind,
        title=title.strip(),
        place=place.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        teaches_back_on=teaches_back_on if kind == LearningItem.Kind.HORIZONTAL else None,
        competency=competency,
    )


@transaction.atomic
def learning_item_update(
    *,
    item: LearningItem,
    member: User,
    kind: str,
    title: str,
    place: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    teaches_back_on: dt.date | None = None,
    competency: Competency | None = None,
    by: User,
) -> LearningItem:
    """Change a line; once it is a step of her route, the route keeps its own copy."""
    _check_member(item.community, member)
    _check_dates(starts_on, ends_on)
    if item.route_step_id and member.pk != item.member_id:
        raise WorkError(_("The line is already in her route: it stays hers."))
    item.member = member
    item.kind = kind
    item.title = title.strip()
    item.place = place.strip()
    item.starts_on, item.ends_on = starts_on, ends_on
    item.teaches_back_on = teaches_back_on if kind == LearningItem.Kind.HORIZONTAL else None
    item.competency = competency
    item.save()
    return item


@transaction.atomic
def learning_item_delete(*, item: LearningItem, by: User) -> None:
    """The line goes; a step it became stays in the member's route (the route is hers)."""
    item.delete()


def _step_texts(item: LearningItem) -> dict[str, str]:
    with translation.override(settings.LANGUAGE_CODE):  # stored text
        title = f"{item.title} ({item.place})" if item.place else item.title
        task = _("Learning plan of the community «%(name)s»") % {"name": item.community.name}
        expected = ""
        if item.kind == LearningItem.Kind.HORIZONTAL and item.teaches_back_on:
            expected = _("A session for the colleagues of the community on %(date)s") % {
                "date": formats.date_format(item.teaches_back_on, "SHORT_DATE_FORMAT")
            }
        return {
            "title": title[:500],
            "task": task[:500],
            "expected_result": expected,
            "form": str(ROUTE_FORM_OF_KIND[LearningItem.Kind(item.kind)]),
        }


@transaction.atomic
def learning_item_to_route(*, item: LearningItem, route: Route, by: User) -> Step:
    """The member's line becomes a step of her route (ИОМ/ИППР) of the year."""
    if item.route_step_id:
        raise WorkError(_("This line is already a step of the route."))
    if route.user_id != item.member_id or route.user_id != by.pk:
        raise WorkError(_("A line goes only to the route of the member who learns."))
    if not route_permissions.can_edit_route(by, route):
        raise WorkError(
            _("Your route is submitted or approved: it is not changed now. Ask the methodist.")
        )
    texts = _step_texts(item)
    try:
        step = route_services.step_add(
            route=route,
            title=texts["title"],
            competency=item.competency,
            starts_on=item.starts_on,
            ends_on=item.ends_on or item.teaches_back_on,
            task=texts["task"],
            expected_result=texts["expected_result"],
            by=by,
        )
        route_services.step_update(step=step, form=texts["form"], by=by)
    except route_services.RouteError as error:
        raise WorkError(str(error)) from None
    item.route_step = step
    item.save(update_fields=["route_step"])
    return step


# --- meetings ------------------------------------------------------------------------------


def _meeting_scope(community: Community) -> tuple[str, str]:
    """(status, visibility) of the community's meeting events: see the module's docstring."""
    if community.openness == Community.Openness.MEMBERS:
        return Event.Status.DRAFT, Event.Visibility.ORGANIZATION
    if community.organization_id is None and community.network_id is not None:
        return Event.Status.PUBLISHED, Event.Visibility.NETWORK
    return Event.Status.PUBLISHED, Event.Visibility.ORGANIZATION


@transaction.atomic
def meetings_schedule(
    *,
    community: Community,
    title: str,
    first_date: dt.date,
    last_date: dt.date,
    start_time: dt.time,
    time_zone: str,
    interval_weeks: int = 1,
    duration_minutes: int = 90,
    format: str = Event.Format.OFFLINE,
    place: str = "",
    meeting_url: str = "",
    agenda: str = "",
    by: User,
) -> list[Meeting]:
    """A recurring meeting (методический четверг, методический кабинет): a series of events,
    a Meeting for each, every member registered."""
    organizer = community.organization or route_services.workplace_of(by)
    if organizer is None:
        raise WorkError(_("Meetings need an organisation that holds them: you have none."))
    status, visibility = _meeting_scope(community)
    with translation.override(settings.LANGUAGE_CODE):  # stored text
        description = _("Meeting of the community «%(name)s».") % {"name": community.name}
    try:
        _series, events = event_services.series_create(
            by=by,
            organizer=organizer,
            network=community.network,
            start_time=start_time,
            time_zone=time_zone,
            first_date=first_date,
            last_date=last_date,
            interval_weeks=interval_weeks,
            title=title.strip(),
            kind=Event.Kind.COMMUNITY_MEETING,
            format=format,
            place=place.strip(),
            provider=Event.Provider.LINK if meeting_url else "",
            meeting_url=meeting_url,
            duration_minutes=duration_minutes,
            description=description,
            status=status,
            visibility=visibility,
        )
    except event_services.EventError as error:
        raise WorkError(str(error)) from None
    made = Meeting.objects.bulk_create(
        [Meeting(community=community, event=event, agenda=agenda.strip()) for event in events]
    )
    event_services.registrations_ensure(events=events, user_ids=selectors.member_ids(community))
    return made


@transaction.atomic
def meetings_sync(*, community: Community, by: User) -> int:
    """After members join or the community is opened or closed: every member registered for
    each coming meeting, and the coming meetings published or unpublished as the community's
    openness asks (see the module's docstring). Returns how many meetings are coming."""
    events = list(
        Event.objects.filter(
            community_meeting__community=community, starts_at__gte=timezone.now()
        ).exclude(status=Event.Status.CANCELLED)
    )
    event_services.registrations_ensure(events=events, user_ids=selectors.member_ids(community))
    status, _visibility = _meeting_scope(community)
    if status == Event.Status.PUBLISHED:
        event_services.events_publish(events=Event.objects.filter(pk__in=[e.pk for e in events]))
    else:
        for event in events:
            if event.status == Event.Status.PUBLISHED:
                event_services.event_update(event=event, by=by, status=Event.Status.DRAFT)
    return len(events)


@transaction.atomic
def meeting_update(*, meeting: Meeting, agenda: str, minutes: str, by: User) -> Meeting:
    meeting.agenda = agenda.strip()
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["agenda", "minutes"])
    return meeting


@transaction.atomic
def meeting_material_add(*, meeting: Meeting, title: str, url: str, by: User) -> None:
    """A member adds a link to the meeting's materials: a material of its event."""
    event_services.material_add(event=meeting.event, by=by, title=title.strip(), url=url)
