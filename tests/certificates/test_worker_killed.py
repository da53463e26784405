"""A worker killed in the middle of a batch of 500: after a restart, exactly 500 certificates
with 500 numbers and exactly 500 letters, one to each person."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django_tasks_db.models import DBTaskResult

from metodset.accounts.models import User
from metodset.certificates import services
from metodset.certificates.models import Certificate, CertificateBatch, Kind
from metodset.core.models import OutgoingEmail

from .. import factories
from ..conftest import SmtpInbox, kill_process_tree, redis_clock_apart, worker_env
from .conftest import template_of

PEOPLE = 500


def _worker(inbox: SmtpInbox, media_root: str) -> subprocess.Popen:
    env = worker_env(inbox, WORKER_TICK="0.5", MEDIA_ROOT=media_root)
    return subprocess.Popen(
        [sys.executable, "-m", "metodset.cli", "worker", "--batch", "--interval", "0.05"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_until(predicate, *, timeout: float, worker: subprocess.Popen) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if worker.poll() is not None:
            return False
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_batch_of_500_ends_with_500_certificates_and_500_letters(
    settings, world, issuer
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    event = factories.event(organizer=world.school, title="Всероссийский вебинар о чтении")
    password = make_password(None)
    people = User.objects.bulk_create(
        User(email=f"teacher{n:03}@example.ru", last_name=f"Иванова{n}", first_name="Мария",
             middle_name="Петровна", password=password)
        for n in range(PEOPLE)
    )  # fmt: skip
    batch = services.batch_create(
        template=template_of(issuer, Kind.PARTICIPATION),
        recipients=[p.pk for p in people],
        by=world.coordinator,
        event=event,
        hours=Decimal(2),
        issued_on=date(2026, 11, 25),
    )
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the batch, queued

    inbox = SmtpInbox().start()
    try:
        first = _worker(inbox, str(settings.MEDIA_ROOT))
        started = _wait_until(lambda: Certificate.objects.count() >= 100, timeout=40, worker=first)
        first.kill()  # SIGKILL: no clean shutdown, its task stays RUNNING
        first.wait(10)
        assert started, first.stderr.read()

        # Killed mid-way: each certificate committed so far has its letter queued with it.
        issued = Certificate.objects.count()
        assert 100 <= issued < PEOPLE
        assert OutgoingEmail.objects.count() == issued
        batch.refresh_from_db()
        assert batch.status == CertificateBatch.Status.RUNNING
        assert DBTaskResult.objects.filter(status="RUNNING").count() == 1

        second = _worker(inbox, str(settings.MEDIA_ROOT))
        try:
            second.wait(90)
        finally:
            if second.poll() is None:
                second.kill()
                second.wait(10)
        assert second.returncode == 0, second.stderr.read()
        inbox.wait_for(PEOPLE, timeout=10)
    finally:
        inbox.stop()

    batch.refresh_from_db()
    assert (batch.status, batch.issued, batch.skipped) == (CertificateBatch.Status.DONE, PEOPLE, 0)
    certificates = Certificate.objects.filter(batch=batch)
    assert certificates.count() == PEOPLE
    assert Certificate.objects.count() == PEOPLE
    # No number lost to the crash: the sequence runs without gaps.
    assert sorted(certificates.values_list("number", flat=True)) == [
        f"МС-2026-{n:06}" for n in range(1, PEOPLE + 1)
    ]
    assert set(certificates.values_list("user_id", flat=True)) == {p.pk for p in people}

    # Every letter went out: none left queued by the crash.
    assert Counter(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent": PEOPLE}
    received = Counter(m["To"] for m in inbox.messages)
    assert len(inbox.messages) == PEOPLE
    assert set(received) == {p.email for p in people}
    assert max(received.values()) == 1
    by_email = dict(certificates.values_list("email", "number"))
    for message in inbox.messages[:: PEOPLE // 10]:
        [attachment] = list(message.iter_attachments())
        assert by_email[message["To"]] in attachment.get_filename()


# --- the same on RQ (REDIS_URL): RQ itself does not retry the job of a worker that died ------

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL_BATCHES", "redis://127.0.0.1:6379/14")


def _redis_available(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


def _rq_worker(inbox: SmtpInbox, media_root: str, *, burst: bool, log: Path) -> subprocess.Popen:
    env = worker_env(
        inbox,
        REDIS_URL=REDIS_TEST_URL,
        WORKER_TICK="0.5",
        MEDIA_ROOT=media_root,
    )
    # RQ logs every job: into a file, as a pipe nobody reads would fill up and stop it.
    return subprocess.Popen(
        [sys.executable, "-m", "metodset.cli", "worker", *(["--batch"] if burst else [])],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )


@pytest.mark.skipif(not _redis_available(REDIS_TEST_URL), reason="Redis is not running")
@pytest.mark.skipif(
    redis_clock_apart(REDIS_TEST_URL), reason="the process clock is moved away from Redis's"
)
@pytest.mark.django_db(transaction=True)
def test_rq_worker_killed_mid_batch_is_resumed_by_the_next_worker_at_once(
    settings, world, issuer, tmp_path
):
    import redis

    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    settings.RQ_QUEUES = {"default": {"URL": REDIS_TEST_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    people_count = 200
    password = make_password(None)
    people = User.objects.bulk_create(
        User(email=f"rq{n:03}@example.ru", last_name=f"Петрова{n}", first_name="Анна",
             middle_name="Сергеевна", password=password)
        for n in range(people_count)
    )  # fmt: skip
    event = factories.event(organizer=world.school, title="Вебинар о наставничестве")
    batch = services.batch_create(
        template=template_of(issuer, Kind.PARTICIPATION),
        recipients=[p.pk for p in people],
        by=world.coordinator,
        event=event,
        hours=Decimal(2),
        issued_on=date(2026, 11, 25),
        # The letters' way through a crash is the database queue's test above.
        send_email=False,
    )
    inbox = SmtpInbox().start()
    try:
        first = _rq_worker(inbox, str(settings.MEDIA_ROOT), burst=False, log=tmp_path / "1.log")
        started = _wait_until(lambda: Certificate.objects.count() >= 25, timeout=60, worker=first)
        kill_process_tree(first.pid)  # as a crash of the machine would
        first.wait(10)
        assert started, (tmp_path / "1.log").read_text()[-3000:]
        issued = Certificate.objects.count()
        assert 25 <= issued < people_count
        batch.refresh_from_db()
        assert batch.status == CertificateBatch.Status.RUNNING

        # No sweep, no wait: the second worker's first beat finds the first one dead (its
        # process is gone), releases the batch's lease and puts the job back in the queue.
        second = _rq_worker(inbox, str(settings.MEDIA_ROOT), burst=True, log=tmp_path / "2.log")
        try:
            second.wait(120)
        finally:
            if second.poll() is None:
                kill_process_tree(second.pid)
                second.wait(10)
        assert second.returncode == 0, (tmp_path / "2.log").read_text()[-3000:]
    finally:
        inbox.stop()

    batch.refresh_from_db()
    assert (batch.status, batch.issued) == (CertificateBatch.Status.DONE, people_count)
    assert Certificate.objects.count() == people_count
    assert sorted(Certificate.objects.values_list("number", flat=True)) == [
        f"МС-2026-{n:06}" for n in range(1, people_count + 1)
    ]
    assert set(Certificate.objects.values_list("user_id", flat=True)) == {p.pk for p in people}
