"""Periodic jobs are enqueued once per period; tasks of dead workers go back to the queue."""

import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from metodset.core import schedule, worker
from metodset.core.models import OutgoingEmail, PeriodicJob, WorkerHeartbeat
from metodset.core.services import email_queue
from metodset.core.tasks import deliver_email, retry_failed_emails


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def test_a_due_job_is_enqueued_once_until_its_next_period(db, database_queue):
    now = timezone.now()
    name = f"{retry_failed_emails.func.__module__}.{retry_failed_emails.func.__qualname__}"
    assert name in [job.name for job in schedule.registered()]
    assert name in schedule.enqueue_due(now=now)
    assert name not in schedule.enqueue_due(now=now + timedelta(minutes=1))  # another worker
    assert name in schedule.enqueue_due(now=now + timedelta(minutes=11))
    enqueued = DBTaskResult.objects.filter(task_path__endswith="retry_failed_emails")
    assert enqueued.count() == 2
    assert PeriodicJob.objects.get(name=name).next_run_at == now + timedelta(minutes=21)


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _running_task(worker_id: str) -> DBTaskResult:
    result = deliver_email.enqueue(email_id=1)
    task = DBTaskResult.objects.get(pk=result.id)
    task.claim(worker_id)
    return task


def test_tasks_of_a_worker_whose_process_is_gone_are_requeued_at_once(db, database_queue):
    WorkerHeartbeat.objects.create(
        worker_id="dead", hostname=socket.gethostname(), pid=_dead_pid(), seen_at=timezone.now()
    )
    WorkerHeartbeat.objects.create(
        worker_id="alive", hostname=socket.gethostname(), pid=os.getpid(), seen_at=timezone.now()
    )
    orphan = _running_task("dead")
    busy = _running_task("alive")
    assert worker.orphans_requeue() == 1
    orphan.refresh_from_db()
    busy.refresh_from_db()
    assert orphan.status == "READY"
    assert busy.status == "RUNNING"


def test_a_worker_silent_for_too_long_on_another_host_is_dead(db, database_queue, settings):
    settings.WORKER_STALE_AFTER = 60
    WorkerHeartbeat.objects.create(
        worker_id="far-away",
        hostname="another-host",
        pid=1,
        seen_at=timezone.now() - timedelta(seconds=30),
    )
    task = _running_task("far-away")
    assert worker.orphans_requeue() == 0
    WorkerHeartbeat.objects.filter(pk="far-away").update(
        seen_at=timezone.now() - timedelta(seconds=61)
    )
    assert worker.orphans_requeue() == 1
    task.refresh_from_db()
    assert task.status == "READY"


def test_an_email_a_dead_worker_was_sending_goes_back_to_the_queue(db, database_queue):
    email = email_queue(
        to="a@example.ru", subject="Тема", template="accounts/email/password_reset",
        context={"user": None, "link": "/x/"},
    )  # fmt: skip
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENDING, claimed_by="dead"
    )
    _running_task("dead")
    worker.orphans_requeue()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.claimed_by == ""


def test_a_letter_stored_without_its_delivery_task_gets_one_when_its_worker_is_found_dead(
    db, database_queue, django_capture_on_commit_callbacks
):
    # A worker killed after the commit that stored a letter, before the on-commit callback
    # that enqueues its delivery: the letter is queued and no task will ever send it.
    orphaned = OutgoingEmail.objects.create(to="a@example.ru", subject="s", body="b")
    old = OutgoingEmail.objects.create(to="b@example.ru", subject="s", body="b")
    OutgoingEmail.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(minutes=11)  # the ten-minute sweep's
    )
    DBTaskResult.objects.get(pk=retry_failed_emails.enqueue().id).claim("dead")
    with django_capture_on_commit_callbacks(execute=True):
        worker.orphans_requeue()
    waiting = DBTaskResult.objects.filter(task_path__endswith="deliver_email", status="READY")
    assert [task.args_kwargs["kwargs"]["email_id"] for task in waiting] == [orphaned.pk]


def test_failed_emails_are_retried_up_to_the_limit(db, database_queue, settings):
    settings.EMAIL_MAX_ATTEMPTS = 3
    for attempts in (1, 3):
        OutgoingEmail.objects.create(
            to="a@example.ru", subject="s", body="b", status="failed", attempts=attempts
        )
    assert retry_failed_emails.call() == 1


def test_healthz_reports_the_queue(client, db, settings):
    settings.HEALTHZ_TOKEN = "monitoring-secret"
    data = client.get("/healthz", headers={"Authorization": "Bearer monitoring-secret"}).json()
    assert data["status"] == "ok"
    assert data["tasks"]["ok"] is True
