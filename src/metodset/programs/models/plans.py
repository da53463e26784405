"""The individual internship plan (seed 002): its steps, each trainee's progress and the
training calendar."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .programs import Program


class PlanStep(models.Model):
    """A step of the individual internship plan (seed 002: six steps from order to defence)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="plan_steps")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("step"), max_length=300)
    description = models.TextField(_("what to do"), blank=True)

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["program", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class PlanProgress(models.Model):
    """A trainee's mark on a step of the plan, with evidence."""

    step = models.ForeignKey(PlanStep, on_delete=models.CASCADE, related_name="progress")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_progress"
    )
    done_at = models.DateTimeField(_("done"), default=timezone.now)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="programs/evidence/%Y/%m/", blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("plan progress")
        verbose_name_plural = _("plan progress")
        constraints = [models.UniqueConstraint(fields=["step", "user"], name="plan_progress_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.step}"


class CalendarEntry(models.Model):
    """A row of the training calendar (seed 002): month, topic, content, leaders."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="calendar")
    month = models.DateField(_("month"))  # the first day of the month
    topic = models.CharField(_("topic"), max_length=500)
    content = models.TextField(_("content"), blank=True)
    leaders = models.CharField(_("leaders"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("training calendar entry")
        verbose_name_plural = _("training calendar")
        ordering = ["program", "month", "pk"]

    def __str__(self) -> str:
        return self.topic
