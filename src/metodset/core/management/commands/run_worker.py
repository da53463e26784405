"""Run a task worker with a heartbeat, recovery of dead workers' tasks and periodic jobs.

``metodset worker`` calls this. The database queue is worked by django-tasks-db's own
worker loop; beside it a thread beats every ``WORKER_TICK`` seconds: it records that this
worker is alive, hands tasks of dead workers back to the queue and enqueues periodic jobs
that are due (a batch run, ``--batch``, enqueues them once, at its start, so that it ends).
With ``REDIS_URL`` the same thread runs beside RQ's worker.

RQ's worker runs here as a ``SimpleWorker``: each job in this process, not in a process forked
for it. A fork copies a process whose beat thread may be holding a lock at that moment (the
database driver's, logging's), and the copy waits for it for ever; a fork a job also costs
about 0.4 s, minutes for a batch of letters. A job that brings the process down takes the
worker with it; the service manager starts it again, and what the job was doing is resumed
by the one recovery rule of both queues: the next beat of any worker finds this one dead
and puts its job back in the queue (core.worker).
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.crypto import get_random_string

from metodset.core import schedule, worker

logger = logging.getLogger("metodset.worker")


def tick(worker_id: str, *, periodic: bool = True) -> None:
    """One beat: alive, recover the dead, enqueue what is due (``periodic``). Never raises."""
    try:
        worker.heartbeat(worker_id=worker_id)
        worker.orphans_requeue()
        if periodic:
            schedule.enqueue_due()
    except Exception:  # noqa: BLE001 - a failed beat must not stop the worker
        logger.exception("worker tick failed")


class Command(BaseCommand):
    help = "Run the background task worker (database queue, or RQ when REDIS_URL is set)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--worker-id", default="")

    def handle(self, *args, batch: bool, interval: float, worker_id: str, **options):
        worker_id = worker_id or get_random_string(32)
        worker.set_current_worker_id(worker_id)
        tick(worker_id)
        stop = threading.Event()
        # A batch run enqueues the periodic jobs that are due once, at its start: if its beat
        # went on enqueueing them (a reminder sweep is due every minute), the queue would never
        # be empty and the run would never end.
        beat = threading.Thread(target=self._beat, args=(worker_id, stop, not batch), daemon=True)
        beat.start()
        try:
            if settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
                extra = ["--burst"] if batch else ["--with-scheduler"]
                call_command(
                    "rqworker",
                    "default",
                    "--job-class",
                    "django_tasks_rq.backend.Job",
                    "--worker-class",
                    "rq.worker.SimpleWorker",
                    # Named as its heartbeat: a dead worker's started jobs are told by it.
                    "--name",
                    worker_id,
                    *extra,
                )
            else:
                self._run_database_worker(worker_id, batch=batch, interval=interval)
        finally:
            stop.set()
            beat.join(timeout=5)
            worker.heartbeat_remove(worker_id=worker_id)

    @staticmethod
    def _beat(worker_id: str, stop: threading.Event, periodic: bool) -> None:
        period = float(getattr(settings, "WORKER_TICK", 5))
        while not stop.wait(period):
            tick(worker_id, periodic=periodic)
            connection.close()  # this thread's own connection; a fresh one next beat

    @staticmethod
    def _run_database_worker(worker_id: str, *, batch: bool, interval: float) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        loop = Worker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        loop.configure_signals()
        logging.getLogger("django_tasks_db").setLevel(logging.INFO)
        loop.run()
