"""A person's registrations are in their data export; after deletion attendance stays."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metodset.accounts.services import person_data_export, person_delete
from metodset.events import personal_data, services
from metodset.events.models import CalendarToken, Event, Registration

from .. import factories


def _attended_seminar(world):
    event = factories.event(
        organizer=world.school,
        title="Семинар «Игровые технологии»",
        kind=Event.Kind.SEMINAR,
        format=Event.Format.OFFLINE,
        provider="",
        meeting_url="",
        place="Актовый зал",
        hours=Decimal("4.0"),
        starts_in=-timedelta(days=3),
        created_by=world.methodist,
    )
    factories.registration(event=event, user=world.teacher, attended_at=timezone.now())
    return event


def test_registrations_with_attendance_and_hours_are_exported(world):
    seminar = _attended_seminar(world)
    webinar = factories.event(organizer=world.school, title="Вебинар о рефлексии")
    factories.registration(event=webinar, user=world.teacher, status="waitlisted")
    factories.registration(event=webinar, user=world.colleague)
    services.calendar_token_for(user=world.teacher)

    data = person_data_export(person=world.teacher)["events"]

    assert [r["event"] for r in data["registrations"]] == [
        "Семинар «Игровые технологии»",
        "Вебинар о рефлексии",
    ]
    first, second = data["registrations"]
    assert first["place"] == "Актовый зал"
    assert first["format"] == "offline"
    assert first["starts_at"] == seminar.starts_at.isoformat()
    assert first["ends_at"] == seminar.ends_at.isoformat()
    assert first["status"] == "registered"
    assert first["attended"] is True
    assert first["hours_credited"] == "4.0"
    assert second["status"] == "waitlisted"
    assert second["attended"] is False
    assert second["hours_credited"] == "0"
    assert data["events_created"] == []
    assert data["calendar_feed_since"] is not None
    assert "token" not in str(data)


def test_events_the_person_created_are_exported_with_their_role(world):
    _attended_seminar(world)

    data = person_data_export(person=world.methodist)["events"]

    assert data["registrations"] == []
    assert [(e["title"], e["role"]) for e in data["events_created"]] == [
        ("Семинар «Игровые технологии»", "organiser")
    ]


def test_export_queries_do_not_grow_with_registrations(world, django_assert_max_num_queries):
    for _ in range(3):
        factories.registration(event=factories.event(organizer=world.school), user=world.teacher)
    with CaptureQueriesContext(connection) as few:
        personal_data.export(None, person=world.teacher)
    for _ in range(5):
        factories.registration(event=factories.event(organizer=world.school), user=world.teacher)
    with django_assert_max_num_queries(len(few.captured_queries)):
        personal_data.export(None, person=world.teacher)


def test_deletion_keeps_attendance_and_drops_the_calendar_feed(world):
    seminar = _attended_seminar(world)
    services.calendar_token_for(user=world.teacher)
    services.calendar_token_for(user=world.colleague)

    person_delete(person=world.teacher, by=world.coordinator)

    registration = Registration.objects.get(event=seminar)
    assert registration.user_id == world.teacher.pk
    assert registration.attended_at is not None  # the organiser's counts and certificates
    assert not CalendarToken.objects.filter(user=world.teacher).exists()
    assert CalendarToken.objects.filter(user=world.colleague).exists()


def test_deletion_gives_up_places_at_events_to_come_and_the_waiting_list_moves_up(world):
    full = factories.event(organizer=world.school, capacity=1)
    factories.registration(event=full, user=world.teacher)
    waiting = factories.registration(event=full, user=world.colleague, status="waitlisted")
    past = factories.event(organizer=world.school, starts_in=-timedelta(days=3))
    kept = factories.registration(event=past, user=world.teacher)

    person_delete(person=world.teacher, by=world.coordinator)

    mine = Registration.objects.get(event=full, user=world.teacher)
    assert mine.status == Registration.Status.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED  # the place went to the next one
    kept.refresh_from_db()
    assert kept.status == Registration.Status.REGISTERED  # the past stays as it was
