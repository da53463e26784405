"""Registration with places and a waiting list that moves up; cancellation of an event."""

from datetime import UTC, datetime, time, timedelta

import icalendar
import pytest
import time_machine
from django.utils import timezone

from metodset.events import services
from metodset.events.models import Event, Registration

from .. import factories
from ..conftest import client_for

Status = Registration.Status


def test_register_then_full_then_waitlist_then_move_up(
    world, smtp, django_capture_on_commit_callbacks
):
    event = factories.event(organizer=world.school, capacity=1, title="Мастер-класс")
    with django_capture_on_commit_callbacks(execute=True):
        first = services.registration_create(event=event, user=world.teacher)
        second = services.registration_create(event=event, user=world.colleague)
        third = services.registration_create(event=event, user=world.kg_teacher)
    assert (first.status, second.status, third.status) == (
        Status.REGISTERED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    )
    assert services.waitlist_position(second) == 1
    assert services.waitlist_position(third) == 2
    messages = smtp.wait_for(3)
    subjects = sorted(m["Subject"].strip() for m in messages)
    assert subjects == [
        "Вы в листе ожидания: Мастер-класс",
        "Вы в листе ожидания: Мастер-класс",
        "Вы зарегистрированы: Мастер-класс",
    ]
    confirmation = next(
        m for m in messages if m["Subject"].strip().startswith("Вы зарегистрированы")
    )
    [ics] = [p for p in confirmation.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]["summary"] == (
        "Мастер-класс"
    )
    waiting_letter = next(m for m in messages if m["To"] == world.colleague.email)
    assert "под номером 1" in smtp.text_of(waiting_letter)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Status.REGISTERED
    assert third.status == Status.WAITLISTED
    assert services.waitlist_position(third) == 1
    [moved_up] = smtp.wait_for(4)[3:]
    assert moved_up["To"] == world.colleague.email
    assert moved_up["Subject"].strip() == "Для вас освободилось место: Мастер-класс"
    assert "Уважаемый Игорь Андреевич" in smtp.text_of(moved_up)


def test_registering_twice_keeps_one_place(world):
    event = factories.event(organizer=world.school, capacity=5)
    services.registration_create(event=event, user=world.teacher)
    services.registration_create(event=event, user=world.teacher)
    assert Registration.objects.filter(event=event).count() == 1


def test_a_cancelled_registration_can_be_taken_again(world):
    event = factories.event(organizer=world.school)
    registration = services.registration_create(event=event, user=world.teacher)
    services.registration_cancel(registration=registration)
    again = services.registration_create(event=event, user=world.teacher)
    assert again.pk == registration.pk
    assert again.status == Status.REGISTERED


@time_machine.travel(datetime(2026, 11, 20, 9, 0, tzinfo=UTC), tick=True)
def test_letter_gives_the_time_in_the_readers_zone(world, smtp, django_capture_on_commit_callbacks):
    event = factories.event(
        organizer=world.school,
        starts_at=datetime(2026, 12, 3, 10, 0, tzinfo=UTC),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, user=world.kg_teacher)  # Kamchatka
    [letter] = smtp.wait_for(1)
    assert "3 декабря 2026, 22:00 (Камчатка, UTC+12)" in smtp.text_of(letter)


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (timedelta(hours=1), None, "Регистрация ещё не открылась."),
        (None, -timedelta(minutes=1), "Регистрация закрыта."),
    ],
)
def test_registration_window_is_respected(world, opens, closes, message):
    now = timezone.now()
    event = factories.event(
        organizer=world.school,
        registration_opens_at=now + opens if opens else None,
        registration_closes_at=now + closes if closes else None,
    )
    with pytest.raises(services.EventError, match=message):
        services.registration_create(event=event, user=world.teacher)


def test_registration_closes_when_the_event_starts(world):
    event = factories.event(organizer=world.school, starts_in=-timedelta(minutes=5))
    with pytest.raises(services.EventError, match="Регистрация закрыта"):
        services.registration_create(event=event, user=world.teacher)


def test_cancelling_the_event_writes_to_everyone_registered_or_waiting(
    world, smtp, django_capture_on_commit_callbacks
):
    event = factories.event(organizer=world.school, capacity=1, title="Семинар")
    services.registration_create(event=event, user=world.teacher)
    services.registration_create(event=event, user=world.colleague)
    gone = services.registration_create(event=event, user=world.kg_teacher)
    services.registration_cancel(registration=gone)
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = client_for(world.methodist).post(
            f"/events/{event.pk}/cancel/", {"reason": "Ведущая заболела"}
        )
    assert told.status_code == 302
    letters = smtp.wait_for(2)
    assert sorted(m["To"] for m in letters) == sorted([world.teacher.email, world.colleague.email])
    assert all(m["Subject"].strip() == "Мероприятие отменено: Семинар" for m in letters)
    assert "Причина: Ведущая заболела" in smtp.text_of(letters[0])
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    with pytest.raises(services.EventError, match="отменено"):
        services.registration_create(event=event, user=world.manager)


def test_rescheduling_tells_the_registered_and_resends_reminders(
    world, smtp, django_capture_on_commit_callbacks
):
    event = factories.event(organizer=world.school, starts_in=timedelta(hours=20))
    registration = factories.registration(event=event, user=world.teacher)
    services.reminder_send(registration_id=registration.pk, kind="24h")
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(
            event=event, by=world.methodist, starts_at=event.starts_at + timedelta(days=2)
        )
    letters = smtp.wait_for(1)
    assert [m["Subject"].strip() for m in letters] == [f"Изменения в мероприятии: {event.title}"]
    assert not registration.reminders.exists()  # the day-before reminder will go again


def test_series_registration_takes_every_coming_meeting(world):
    series, events = services.series_create(
        by=world.methodist,
        organizer=world.school,
        network=None,
        title="Методический четверг",
        kind=Event.Kind.COMMUNITY_MEETING,
        format=Event.Format.OFFLINE,
        place="Методический кабинет",
        start_time=time(15, 0),
        time_zone="Europe/Kaliningrad",
        first_date=timezone.localdate() + timedelta(days=1),
        last_date=timezone.localdate() + timedelta(days=40),
        exceptions=[],
    )
    assert 5 <= len(events) <= 6
    response = client_for(world.teacher).post(f"/events/series/{series.pk}/register/")
    assert response.status_code == 302
    assert Registration.objects.filter(user=world.teacher, status=Status.REGISTERED).count() == len(
        events
    )
