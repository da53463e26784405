"""Task workers that lose nothing when one of them dies: one recovery rule on both queues.

Neither queue looks back at a task whose worker was killed in the middle (OOM, a deploy, a
power cut): django-tasks' database worker leaves it RUNNING for ever, and RQ leaves its job
STARTED until the job's hour runs out, then files it as failed. Our worker (``metodset
worker``) therefore writes a heartbeat every ``WORKER_TICK`` seconds, and every worker, at
start and then on each beat, finds the workers that are dead and runs their tasks again:
on the database queue the task goes back to READY, on RQ the job goes back to its queue (an
RQ worker started by ``metodset worker`` is named by the same id as its heartbeat, so its
jobs can be told). Tasks are written to be safe to run twice (STYLE.md), so a task that was
half done simply runs again, and resumes where it can (a certificate batch skips the people
it has already issued to).

A worker is dead when its heartbeat is older than ``WORKER_STALE_AFTER`` seconds (15 by
default: three missed beats), or at once when it ran on this host and its process is gone.
Apps that claim rows of their own on a worker's behalf (the e-mail outbox, certificate
batches) release them in a ``workers_lost`` receiver, which runs before the tasks are queued
again.
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
    return timedelta(seconds=settings.WORKER_STALE_AFTER)


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
    """Run again the tasks that dead workers were running; return how many were queued again."""
    backend = settings.TASKS["default"]["BACKEND"]
    alive = live_worker_ids() if alive is None else alive
    if backend == "django_tasks_db.DatabaseBackend":
        requeued, dead = _database_requeue(alive)
    elif backend == "django_tasks_rq.RQBackend":
        requeued, dead = _rq_requeue(alive)
    else:
        return 0
    if requeued:
        logger.warning(
            "Requeued %d task(s) of dead worker(s) %s", requeued, ", ".join(sorted(dead))
        )
    _forget_dead(alive)
    return requeued


def _database_requeue(alive: set[str]) -> tuple[int, set[str]]:
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(status="RUNNING").only("id", "worker_ids")
    orphaned = [t for t in running if not t.worker_ids or t.worker_ids[-1] not in alive]
    if not orphaned:
        return 0, set()
    dead = {t.worker_ids[-1] for t in orphaned if t.worker_ids}
    with transaction.atomic():
        workers_lost.send(sender=None, worker_ids=dead)
        requeued = DBTaskResult.objects.filter(
            pk__in=[t.pk for t in orphaned], status="RUNNING"
        ).update(status="READY", started_at=None)
    return requeued, dead


def _rq_requeue(alive: set[str]) -> tuple[int, set[str]]:
    """Jobs RQ holds as started by a worker that is dead go back to their queue."""
    import django_rq
    from rq.executions import Execution
    from rq.job import JobStatus
    from rq.registry import StartedJobRegistry

    orphaned = []
    for name in settings.RQ_QUEUES:
        queue = django_rq.get_queue(name)
        registry = StartedJobRegistry(queue=queue)
        # Without RQ's own cleanup: that files abandoned jobs as failed.
        for job_id, execution_id in registry.get_job_and_execution_ids(cleanup=False):
            try:
                execution = Execution.fetch(
                    id=execution_id, job_id=job_id, connection=queue.connection
                )
            except ValueError:  # the execution expired: RQ's cleanup takes it from here
                continue
            if execution.worker_name not in alive:
                orphaned.append((queue, registry, execution))
    if not orphaned:
        return 0, set()
    dead = {execution.worker_name for _, _, execution in orphaned}
    with transaction.atomic():
        workers_lost.send(sender=None, worker_ids=dead)
    requeued = 0
    for queue, registry, execution in orphaned:
        job = execution.job
        registry.remove_execution(execution)
        if job.get_status() != JobStatus.STARTED:  # finished meanwhile
            continue
        job.started_at = None
        queue.enqueue_job(job)
        requeued += 1
    return requeued, dead


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
