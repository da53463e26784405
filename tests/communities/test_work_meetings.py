"""Meetings of a community as events: a series makes events with a Meeting each and every
member registered; a closed community's meetings are in no catalogue of events."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from metodset.communities.models import Community, Meeting
from metodset.events.models import Event, Registration

from ..conftest import client_for
from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 9, 10, 9, 0, tzinfo=dt.UTC), tick=True):
        yield


def _schedule(community, chair, **extra):
    data = {
        "title": "Методический четверг",
        "first_date": "2026-09-17",
        "last_date": "2026-10-08",
        "interval_weeks": 1,
        "start_time": "15:00",
        "time_zone": "Asia/Omsk",
        "duration_minutes": 60,
        "format": "offline",
        "place": "Методический кабинет, каб. 12",
        "agenda": "Продуктивное чтение: приёмы",
    }
    return client_for(chair).post(
        reverse("communities:meetings_schedule", args=[community.pk]), {**data, **extra}
    )


def test_a_series_makes_events_with_meetings_and_registered_members():
    community, chair, others = factories.work_community(members=2)

    response = _schedule(community, chair)

    assert response.status_code == 302
    meetings = list(Meeting.objects.filter(community=community).select_related("event"))
    assert len(meetings) == 4  # 17 and 24 September, 1 and 8 October
    event = meetings[0].event
    assert event.kind == Event.Kind.COMMUNITY_MEETING
    assert event.starts_at == dt.datetime(2026, 9, 17, 9, 0, tzinfo=dt.UTC)  # 15:00 in Omsk
    assert {m.agenda for m in meetings} == {"Продуктивное чтение: приёмы"}
    registered = set(
        Registration.objects.filter(
            event__in=[m.event for m in meetings], status=Registration.Status.REGISTERED
        ).values_list("event_id", "user_id")
    )
    people = [chair, *others]
    assert registered == {(m.event_id, p.pk) for m in meetings for p in people}


def test_the_meeting_page_shows_the_time_in_the_viewers_zone():
    community, chair, others = factories.work_community(members=1)
    others[0].time_zone = "Asia/Kamchatka"
    others[0].save()
    _schedule(community, chair)
    meeting = Meeting.objects.order_by("event__starts_at").first()

    page = client_for(others[0]).get(reverse("communities:meeting", args=[meeting.pk]))

    text = page.content.decode()
    assert "21:00–22:00" in text  # 15:00 in Omsk is 21:00 in Kamchatka
    assert "Камчатка" in text or "Петропавловск" in text
    assert "Продуктивное чтение: приёмы" in text


def test_a_member_writes_the_minutes():
    community, chair, others = factories.work_community(members=1)
    _schedule(community, chair)
    meeting = Meeting.objects.order_by("event__starts_at").first()
    client = client_for(others[0])

    client.post(
        reverse("communities:meeting_edit", args=[meeting.pk]),
        {"agenda": "Повестка", "minutes": "Решили: опробовать приём «чтение с остановками»."},
    )

    client.post(
        reverse("communities:meeting_material_add", args=[meeting.pk]),
        {"title": "Презентация «Чтение с остановками»", "url": "https://disk.yandex.ru/d/abc"},
    )

    page = client.get(reverse("communities:meeting", args=[meeting.pk])).content.decode()
    assert "Решили: опробовать приём «чтение с остановками»." in page
    assert "Презентация «Чтение с остановками»" in page
    assert "https://disk.yandex.ru/d/abc" in page


def test_a_closed_communitys_meetings_are_in_no_catalogue():
    community, chair, _others = factories.work_community(members=1)
    colleague = factories.teacher_of(community.organization)
    _schedule(community, chair, title="Закрытый методический четверг")

    catalogue = reverse("events:catalogue")
    assert "Закрытый методический четверг" not in Client().get(catalogue).content.decode()
    assert (
        "Закрытый методический четверг" not in client_for(colleague).get(catalogue).content.decode()
    )
    event = Meeting.objects.first().event
    assert client_for(colleague).get(reverse("events:detail", args=[event.pk])).status_code == 404


def test_an_opened_communitys_meetings_are_seen_by_the_organisation_only():
    community, chair, _others = factories.work_community(
        members=1, openness=Community.Openness.ORGANIZATION
    )
    colleague = factories.teacher_of(community.organization)
    _schedule(community, chair, title="Открытый методический четверг")

    catalogue = reverse("events:catalogue")
    assert "Открытый методический четверг" not in Client().get(catalogue).content.decode()
    assert "Открытый методический четверг" in client_for(colleague).get(catalogue).content.decode()


def test_an_online_series_needs_its_link():
    community, chair, _others = factories.work_community(members=1)
    response = _schedule(community, chair, format="online", place="")
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_members_who_join_later_are_registered_and_opening_publishes_the_meetings():
    community, chair, _others = factories.work_community(members=1)
    _schedule(community, chair, title="Методический кабинет")
    newcomer = factories.teacher_of(community.organization)
    community.members.create(user=newcomer)
    community.openness = Community.Openness.ORGANIZATION
    community.save()

    response = client_for(chair).post(reverse("communities:meetings_sync", args=[community.pk]))

    assert response.status_code == 302
    events = [m.event for m in Meeting.objects.select_related("event")]
    assert {e.status for e in Event.objects.filter(pk__in=[e.pk for e in events])} == {
        Event.Status.PUBLISHED
    }
    assert Registration.objects.filter(user=newcomer, event__in=events).count() == 4
    assert (
        client_for(newcomer)
        .post(reverse("communities:meetings_sync", args=[community.pk]))
        .status_code
        == 403
    )


def test_a_network_community_holds_its_meetings_at_the_coordinators_school():
    from .. import factories as base

    schools = [base.organization(), base.organization()]
    network = base.network(partners=schools)
    chair = factories.teacher_of(schools[0])
    member = factories.teacher_of(schools[1])
    community = factories.community(
        network=network,
        organization=None,
        chair=chair,
        members=[member],
        openness=Community.Openness.NETWORK,
    )

    assert _schedule(community, chair).status_code == 302

    event = Meeting.objects.select_related("event").first().event
    assert (event.organizer, event.network) == (schools[0], network)
    assert (event.status, event.visibility) == (Event.Status.PUBLISHED, Event.Visibility.NETWORK)
    assert Registration.objects.filter(event=event, user=member).exists()
