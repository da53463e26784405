"""Events in the API: the catalogue as the caller may see it, and their own registration."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.events.models import Event, Registration

from .. import factories
from ..conftest import client_for


def test_event_list_shows_what_the_caller_may_see(world):
    factories.event(organizer=world.school, title="Открытый")
    factories.event(
        organizer=world.school, title="Для своих", visibility=Event.Visibility.ORGANIZATION
    )
    teacher = client_for(world.teacher).get("/api/events").json()
    outsider = client_for(world.outsider).get("/api/events").json()
    assert {e["title"] for e in teacher["items"]} == {"Открытый", "Для своих"}
    assert [e["title"] for e in outsider["items"]] == ["Открытый"]


@time_machine.travel(datetime(2026, 11, 20, 9, 0, tzinfo=UTC), tick=True)
def test_event_fields_give_utc_times_and_places(world):
    starts = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    event = factories.event(
        organizer=world.school, starts_at=starts, capacity=10, competencies="чтение, оценивание"
    )
    factories.registration(event=event, user=world.colleague)
    [item] = client_for(world.teacher).get("/api/events").json()["items"]
    assert item["starts_at"] == "2026-12-03T10:00:00Z"
    assert item["kind_label"] == "вебинар"
    assert item["registered_count"] == 1
    assert item["places_free"] == 9
    assert item["competencies"] == ["чтение", "оценивание"]
    assert item["organizer"]["short_name"] == world.school.short_name
    assert item["url"].endswith(f"/events/{event.pk}/")


def test_event_list_filters(world):
    factories.event(organizer=world.school, title="Вебинар")
    factories.event(
        organizer=world.kindergarten,
        title="Мастер-класс",
        kind=Event.Kind.MASTER_CLASS,
        starts_in=timedelta(days=9),
    )
    client = client_for(world.teacher)
    assert [e["title"] for e in client.get("/api/events?kind=master_class").json()["items"]] == [
        "Мастер-класс"
    ]
    by_region = client.get(f"/api/events?region={world.region_west.pk}").json()["items"]
    assert [e["title"] for e in by_region] == ["Вебинар"]
    assert client.get("/api/events?region=999999").json()["count"] == 0
    assert client.get("/api/events?kind=nonsense").status_code == 422


def test_register_through_the_api_and_cancel(world):
    event = factories.event(organizer=world.school, capacity=1)
    teacher, colleague = client_for(world.teacher), client_for(world.colleague)
    response = teacher.post(f"/api/events/{event.pk}/registration")
    assert response.status_code == 200
    assert response.json() == {"status": "registered", "waitlist_position": None, "attended": False}
    waiting = colleague.post(f"/api/events/{event.pk}/registration").json()
    assert waiting == {"status": "waitlisted", "waitlist_position": 1, "attended": False}
    assert teacher.delete(f"/api/events/{event.pk}/registration").status_code == 204
    detail = colleague.get(f"/api/events/{event.pk}").json()
    assert detail["my_registration"]["status"] == "registered"
    assert "meeting_url" not in detail


def test_registration_refusal_is_a_russian_message(world):
    event = factories.event(organizer=world.school, starts_in=-timedelta(hours=1))
    response = client_for(world.teacher).post(f"/api/events/{event.pk}/registration")
    assert response.status_code == 400
    assert response.json() == {"detail": "Регистрация закрыта."}
    assert not Registration.objects.exists()


def test_hidden_events_are_not_found_and_anonymous_is_refused(world, client):
    event = factories.event(organizer=world.school, visibility=Event.Visibility.ORGANIZATION)
    assert client_for(world.outsider).get(f"/api/events/{event.pk}").status_code == 404
    assert (
        client_for(world.outsider).post(f"/api/events/{event.pk}/registration").status_code == 404
    )
    assert client.get("/api/events").status_code == 401


def test_event_list_query_count_does_not_grow(world):
    client = client_for(world.teacher)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/events").status_code == 200
        return len(ctx.captured_queries)

    factories.event(organizer=world.school)
    small = count()
    for _ in range(6):
        event = factories.event(organizer=world.kindergarten, capacity=4)
        factories.registration(event=event, user=world.colleague)
    assert count() == small
