"""Reminders 24 hours and 1 hour before: each goes out exactly once, even if the worker dies."""

import asyncio
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from metodset.accounts.models import User
from metodset.core.models import OutgoingEmail
from metodset.events import services
from metodset.events.models import Registration, ReminderDelivery

from .. import factories
from ..conftest import SmtpInbox, worker_env

DAY, HOUR = ReminderDelivery.Kind.DAY_BEFORE, ReminderDelivery.Kind.HOUR_BEFORE


def _registered(event, user, *, days_ago: int = 3):
    return factories.registration(
        event=event, user=user, created_at=timezone.now() - timedelta(days=days_ago)
    )


def test_reminders_are_due_in_their_windows(world):
    now = timezone.now()
    soon = factories.event(organizer=world.school, starts_in=timedelta(minutes=40))
    tomorrow = factories.event(organizer=world.school, starts_in=timedelta(hours=23))
    later = factories.event(organizer=world.school, starts_in=timedelta(hours=30))
    a = _registered(soon, world.teacher)
    b = _registered(tomorrow, world.teacher)
    _registered(later, world.teacher)
    assert services.reminders_due(kind=HOUR, now=now, limit=10) == [a.pk]
    assert services.reminders_due(kind=DAY, now=now, limit=10) == [b.pk]


def test_no_day_before_reminder_for_a_registration_made_within_the_last_day(world):
    event = factories.event(organizer=world.school, starts_in=timedelta(hours=10))
    fresh = factories.registration(event=event, user=world.teacher)  # registered just now
    assert services.reminders_due(kind=DAY, now=timezone.now(), limit=10) == []
    fresh.created_at = timezone.now() - timedelta(days=2)
    fresh.save()
    assert services.reminders_due(kind=DAY, now=timezone.now(), limit=10) == [fresh.pk]


def test_no_reminders_for_the_waiting_list_cancelled_people_or_cancelled_events(world):
    event = factories.event(organizer=world.school, starts_in=timedelta(minutes=30))
    factories.registration(event=event, user=world.teacher, status=Registration.Status.WAITLISTED)
    factories.registration(event=event, user=world.colleague, status=Registration.Status.CANCELLED)
    off = factories.event(organizer=world.school, starts_in=timedelta(minutes=30))
    _registered(off, world.kg_teacher)
    services.event_cancel(event=off, by=world.methodist)
    assert services.reminders_send_due() == (0, False)


def test_sending_twice_sends_once(world, smtp, django_capture_on_commit_callbacks):
    event = factories.event(
        organizer=world.school, starts_in=timedelta(minutes=50), title="Вебинар о чтении"
    )
    _registered(event, world.kg_teacher)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_due() == (1, False)
        assert services.reminders_send_due() == (0, False)
    [letter] = smtp.wait_for(1)
    assert letter["Subject"].strip() == "Напоминание: Вебинар о чтении"
    text = smtp.text_of(letter)
    assert "Через час начинается мероприятие" in text
    assert "(Камчатка, UTC+12)" in text


class StallingInbox(SmtpInbox):
    """An SMTP server that stalls on one message without accepting it, until released.

    The worker is killed while it waits for the server's answer, so that message was never
    accepted: a correct system must send it again, and nothing twice.
    """

    def __init__(self, stall_at: int) -> None:
        from aiosmtpd.controller import Controller

        self.messages = []
        self.stall_at = stall_at
        self.stalled = threading.Event()
        self.release = threading.Event()
        inbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
                if len(inbox.messages) + 1 == inbox.stall_at and not inbox.stalled.is_set():
                    inbox.stalled.set()
                    while not inbox.release.is_set():
                        await asyncio.sleep(0.05)
                    return "451 Try again later"
                inbox.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)


def _worker(inbox: SmtpInbox) -> subprocess.Popen:
    env = worker_env(inbox, EVENT_REMINDER_BATCH="15", WORKER_TICK="0.5")
    return subprocess.Popen(
        [sys.executable, "-m", "metodset.cli", "worker", "--batch", "--interval", "0.05"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_batch_restarts_and_everyone_gets_each_reminder_once(settings, world):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    soon = factories.event(organizer=world.school, starts_in=timedelta(minutes=40), title="Скоро")
    tomorrow = factories.event(
        organizer=world.school, starts_in=timedelta(hours=20), title="Завтра"
    )
    password = make_password(None)
    people = User.objects.bulk_create(
        User(email=f"teacher{n}@example.ru", last_name="Иванова", first_name="Анна",
             middle_name="Петровна", password=password)
        for n in range(40)
    )  # fmt: skip
    long_ago = timezone.now() - timedelta(days=5)
    Registration.objects.bulk_create(
        Registration(event=event, user=person, status="registered", created_at=long_ago)
        for event in (soon, tomorrow)
        for person in people
    )
    expected = {(p.email, subject) for p in people for subject in ("Скоро", "Завтра")}

    inbox = StallingInbox(stall_at=30).start()
    try:
        first = _worker(inbox)
        assert inbox.stalled.wait(60), first.stderr.read() if first.poll() is not None else ""
        first.kill()  # SIGKILL: no clean shutdown, its task stays RUNNING
        first.wait(10)
        inbox.release.set()
        assert len(inbox.messages) == 29
        # Killed mid-way: some reminders not yet sent, one e-mail caught in the act of sending.
        assert ReminderDelivery.objects.count() < 80
        assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENDING).count() == 1
        assert DBTaskResult.objects.filter(status="RUNNING").count() == 1

        second = _worker(inbox)
        second.wait(120)
        assert second.returncode == 0, second.stderr.read()
        deadline = time.monotonic() + 10
        while len(inbox.messages) < 80 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        inbox.release.set()
        inbox.stop()

    received = Counter(
        (m["To"], m["Subject"].strip().removeprefix("Напоминание: ")) for m in inbox.messages
    )
    assert set(received) == expected
    assert max(received.values()) == 1
    assert ReminderDelivery.objects.count() == 80
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 80
