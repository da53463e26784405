"""Task workers that lose nothing when one of them dies.

django-tasks' database worker marks a task RUNNING when it takes it and never looks back: a
worker killed in the middle (OOM, a deploy, a power cut) would leave its task RUNNING for
ever. Our worker (``metodset worker``) therefore writes a heartbeat every few seconds, and
every worker, at start and then on each beat, hands the tasks of dead workers back to the
queue. Tasks are written to be safe to run twice (STYLE.md), so a task that was half done
simply runs again.

A worker is dead when its heartbeat is older than ``WORKER_STALE_AFTER`` seconds, or at once
when it ran on this host and its process is gone. Apps that claim rows of their own on a
worker's behalf (the e-mail outbox does) release them in a ``workers_lost`` receiver.
"""

from __future__ import annotations

import contextvars
import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from .models import OutgoingEmail, WorkerHeartbeat

logger = logging.getLogger(__name__)

# Sent with ``worker_ids``: the workers found dead; receivers release what those claimed.
workers_lost = Signal()

_current_worker: contextvars.ContextVar[str] = contextvars.ContextVar("worker_id", default="")


def current_worker_id() -> str:
    """The id of the worker running this code, or "" in a web process."""
    return _current_worker.get()


def set_current_worker_id(worker_id: str) -> None:
    _current_worker.set(worker_id)


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "WORKER_STALE_AFTER", 60))


def heartbeat(*, worker_id: str) -> None:
    """Record that this worker is alive."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(pk=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id,
            hostname=socket.gethostname(),
            pid=os.getpid(),
            started_at=now,
            seen_at=now,
        )


def heartbeat_remove(*, worker_id: str) -> None:
    """A worker that stops cleanly says goodbye."""
    WorkerHeartbeat.objects.filter(pk=worker_id).delete()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def live_worker_ids() -> set[str]:
    """Workers whose heartbeat is fresh and, on this host, whose process still runs."""
    host = socket.gethostname()
    fresh = WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - stale_after())
    return {
        w.worker_id
        for w in fresh.only("worker_id", "hostname", "pid")
        if w.hostname != host or _process_alive(w.pid)
    }


def orphans_requeue(*, alive: set[str] | None = None) -> int:
    """Put tasks that dead workers were running back in the queue; return how many."""
    from django_tasks_db.models import DBTaskResult

    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    alive = live_worker_ids() if alive is None else alive
    running = DBTaskResult.objects.filter(status="RUNNING").only("id", "worker_ids")
    orphaned = [t for t in running if not t.worker_ids or t.worker_ids[-1] not in alive]
    if not orphaned:
        _forget_dead(alive)
        return 0
    dead = {t.worker_ids[-1] for t in orphaned if t.worker_ids}
    with transaction.atomic():
        requeued = DBTaskResult.objects.filter(
            pk__in=[t.pk for t in orphaned], status="RUNNING"
        ).update(status="READY", started_at=None)
        workers_lost.send(sender=None, worker_ids=dead)
    logger.warning("Requeued %d task(s) of dead worker(s) %s", requeued, ", ".join(sorted(dead)))
    _forget_dead(alive)
    return requeued


def _forget_dead(alive: set[str]) -> None:
    WorkerHeartbeat.objects.exclude(pk__in=alive).filter(
        seen_at__lt=timezone.now() - stale_after() * 10
    ).delete()


def _release_emails(sender: object, *, worker_ids: set[str], **kwargs: object) -> None:
    """E-mails go back to the queue with a delivery task when a worker dies.

    One the dead worker was sending is released (its task runs again). One it had just stored
    may have no task at all: the task is enqueued after the commit that stores the letter, and
    a worker killed in between (a certificate batch's chunk, say) leaves it queued without
    one. The ten-minute sweep (``emails_retry_failed``) would find it; here every recent
    queued letter gets a task at once, which is harmless for those that have one, as delivery
    claims the row and sends it once.
    """
    from .services import STUCK_AFTER
    from .tasks import deliver_email

    OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENDING, claimed_by__in=worker_ids
    ).update(status=OutgoingEmail.Status.QUEUED, claimed_by="")
    recent = list(
        OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.QUEUED, created_at__gte=timezone.now() - STUCK_AFTER
        ).values_list("pk", flat=True)
    )

    def enqueue() -> None:
        for email_id in recent:
            deliver_email.enqueue(email_id=email_id)

    transaction.on_commit(enqueue)


workers_lost.connect(_release_emails, dispatch_uid="core.release_emails")
