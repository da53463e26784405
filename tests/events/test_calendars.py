"""Calendar files: an event's .ics and a person's feed parse with icalendar and give the right
instant in Kaliningrad and in Kamchatka."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from metodset.events import services
from metodset.events.models import Event

from .. import factories
from ..conftest import client_for

KALININGRAD = ZoneInfo("Europe/Kaliningrad")
KAMCHATKA = ZoneInfo("Asia/Kamchatka")


def _events_of(body: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def test_event_ics_gives_the_same_instant_in_kaliningrad_and_kamchatka(world, client):
    starts = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)  # 12:00 in Kaliningrad, 22:00 in Kamchatka
    event = factories.event(
        organizer=world.school, starts_at=starts, duration_minutes=90, title="Смысловое чтение"
    )
    response = client.get(f"/events/{event.pk}/event.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    [item] = _events_of(response.content)
    start = item.decoded("dtstart")
    assert start == starts
    assert start.astimezone(KALININGRAD).strftime("%d.%m %H:%M") == "03.12 12:00"
    assert start.astimezone(KAMCHATKA).strftime("%d.%m %H:%M") == "03.12 22:00"
    assert item.decoded("dtend") - start == timedelta(minutes=90)
    assert str(item["summary"]) == "Смысловое чтение"
    assert str(item["status"]) == "CONFIRMED"
    assert str(item["url"]).endswith(f"/events/{event.pk}/")


def test_event_ics_never_contains_the_meeting_link(world, client):
    event = factories.event(organizer=world.school, meeting_url="https://telemost.yandex.ru/j/777")
    body = client.get(f"/events/{event.pk}/event.ics").content.decode()
    assert "telemost" not in body
    assert f"/events/{event.pk}/join/" in body


def test_personal_feed_holds_my_events_and_cancelled_ones_as_cancelled(world, client):
    mine = factories.event(organizer=world.school, title="Моё мероприятие")
    cancelled = factories.event(organizer=world.school, title="Отменённое")
    other = factories.event(organizer=world.school, title="Чужое")
    factories.registration(event=mine, user=world.teacher)
    factories.registration(event=cancelled, user=world.teacher)
    factories.registration(event=other, user=world.colleague)
    services.event_cancel(event=cancelled, by=world.methodist, reason="Болезнь ведущего")
    token = services.calendar_token_for(user=world.teacher)

    response = client.get(f"/events/feed/{token}.ics")
    assert response.status_code == 200
    items = {str(e["summary"]): e for e in _events_of(response.content)}
    assert set(items) == {"Моё мероприятие", "Отменённое"}
    assert str(items["Отменённое"]["status"]) == "CANCELLED"
    assert int(items["Отменённое"]["sequence"]) == 1


def test_feed_needs_the_right_token_and_a_new_one_retires_the_old(world, client):
    assert client.get("/events/feed/not-a-token.ics").status_code == 404
    old = services.calendar_token_for(user=world.teacher)
    assert client.get(f"/events/feed/{old}.ics").status_code == 200
    response = client_for(world.teacher).post("/events/mine/calendar/reset/")
    assert response.status_code == 302
    new = services.calendar_token_for(user=world.teacher)
    assert new != old
    assert client.get(f"/events/feed/{old}.ics").status_code == 404
    assert client.get(f"/events/feed/{new}.ics").status_code == 200


def test_my_events_page_shows_the_feed_address(world):
    html = client_for(world.teacher).get("/events/mine/").content.decode()
    token = services.calendar_token_for(user=world.teacher)
    assert f"/events/feed/{token}.ics" in html
    assert "webcal://" in html


def test_rescheduling_bumps_the_sequence_so_calendars_update(world, client):
    event = factories.event(organizer=world.school)
    services.event_update(
        event=event, by=world.methodist, starts_at=event.starts_at + timedelta(hours=1)
    )
    [item] = _events_of(client.get(f"/events/{event.pk}/event.ics").content)
    assert int(item["sequence"]) == 1
    moved = Event.objects.get(pk=event.pk).starts_at
    assert item.decoded("dtstart") == moved.replace(microsecond=0)  # iCalendar has no fractions
