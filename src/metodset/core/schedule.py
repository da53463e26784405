"""Periodic tasks: reminders, retries and, later, crawls — enqueued by whichever worker is up.

An app registers its periodic task in ``AppConfig.ready()``::

    schedule.register(send_due_reminders, every=timedelta(minutes=1))

Every worker ticks every few seconds; a job that is due is claimed with a conditional
``UPDATE`` of its ``PeriodicJob`` row (the same on SQLite and PostgreSQL), so with several
workers each run is enqueued once. The tasks themselves must be safe to run twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import PeriodicJob


@dataclass(frozen=True)
class Periodic:
    task: Any  # a django_tasks Task
    every: timedelta

    @property
    def name(self) -> str:
        return f"{self.task.func.__module__}.{self.task.func.__qualname__}"


_jobs: dict[str, Periodic] = {}


def register(task: Any, *, every: timedelta) -> None:
    """Run ``task`` (without arguments) every ``every``; registering again replaces it."""
    job = Periodic(task, every)
    _jobs[job.name] = job


def registered() -> list[Periodic]:
    return sorted(_jobs.values(), key=lambda j: j.name)


def enqueue_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue every registered job that is due and not claimed by another worker."""
    now = now or timezone.now()
    enqueued = []
    for job in registered():
        try:
            with transaction.atomic():
                PeriodicJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
        except IntegrityError:  # another worker created it a moment ago
            pass
        claimed = PeriodicJob.objects.filter(name=job.name, next_run_at__lte=now).update(
            next_run_at=now + job.every, last_run_at=now
        )
        if claimed:
            job.task.enqueue()
            enqueued.append(job.name)
    return enqueued
