"""Platform-wide records: the e-mail outbox, task workers' heartbeats, periodic jobs."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutgoingEmail(models.Model):
    """One e-mail the platform sends; a row is written first, then a task delivers it once."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    to = models.EmailField(pgettext_lazy("e-mail recipient", "to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # [{"filename": ..., "mimetype": ..., "content": text} or {..., "path": storage path}]
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # The worker that is sending it: if that worker dies, the e-mail goes back to the queue.
    claimed_by = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("sent e-mails")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class WorkerHeartbeat(models.Model):
    """A running task worker: it writes ``seen_at`` every few seconds while alive."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class PeriodicJob(models.Model):
    """When a periodic task (reminders, retries, crawls) is next due; claimed by one worker."""

    name = models.CharField(max_length=200, primary_key=True)
    next_run_at = models.DateTimeField(default=timezone.now)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self) -> str:
        return self.name
