"""Children's results: a group's or class's measurements by area and date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ResultsTable(models.Model):
    """Children's results of a group or class by area and date (e.g. a monitoring's tables)."""

    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="children_results",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children_results",
    )
    group = models.CharField(_("group or class"), max_length=100)
    subject = models.CharField(_("subject or field"), max_length=200)
    scale = models.CharField(
        _("what the numbers are"),
        max_length=100,
        default="% выполнения",
        help_text=_("E.g. «% выполнения», «средний балл», «% на высоком уровне»."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("children's results")
        verbose_name_plural = _("children's results")
        ordering = ["organization", "group", "subject", "pk"]

    def __str__(self) -> str:
        return f"{self.group}: {self.subject}"


class ResultRow(models.Model):
    """One measurement: an area (e.g. «Вычисления») on a date."""

    table = models.ForeignKey(ResultsTable, on_delete=models.CASCADE, related_name="rows")
    area = models.CharField(_("area"), max_length=200)
    measured_on = models.DateField(_("date"))
    value = models.FloatField(_("result"))
    children = models.PositiveSmallIntegerField(_("children"), null=True, blank=True)

    class Meta:
        ordering = ["table", "area", "measured_on"]
        constraints = [
            models.UniqueConstraint(fields=["table", "area", "measured_on"], name="result_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.measured_on}: {self.value}"
