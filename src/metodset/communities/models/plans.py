"""An organisation's yearly plan of methodical work, matched against the measured deficits.

Seed 004, slide 11: «Выявленные тенденции в профессиональном развитии | Темы методической
работы | Выявленное соответствие». Each topic names the competencies it develops; the platform
fills the table from the organisation's deficits in the diagnostics and their change between
campaigns (``communities.matching``), and the methodist records the three questions beside it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MethodicalPlan(models.Model):
    """План методической работы of one organisation for one school year."""

    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="methodical_plans",
    )
    year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year it starts in: 2026 for 2026/27.")
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    # The three questions of the analysis (slide 11).
    what_we_did = models.TextField(
        _("What did we do to meet the teachers' professional needs?"), blank=True
    )
    what_worked = models.TextField(_("Which actions were successful?"), blank=True)
    what_else = models.TextField(_("What else can be done?"), blank=True)
    drafted_from = models.ForeignKey(
        "self",
        verbose_name=_("drafted from the plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("methodical plan")
        verbose_name_plural = _("methodical plans")
        ordering = ["organization_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="methodical_plan_once")
        ]

    def __str__(self) -> str:
        return self.title or f"{self.year}/{str(self.year + 1)[-2:]}"


class PlanTopic(models.Model):
    """A topic of the plan in a month: its form, who leads it, the competencies it develops."""

    plan = models.ForeignKey(MethodicalPlan, on_delete=models.CASCADE, related_name="topics")
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    title = models.CharField(_("topic"), max_length=500)
    form = models.CharField(
        _("form"), max_length=200, blank=True, help_text=_("Seminar, master class, workshop…")
    )
    responsible = models.CharField(_("responsible"), max_length=300, blank=True)
    competencies = models.ManyToManyField(
        "diagnostics.Competency",
        verbose_name=_("competencies it develops"),
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("topic of the methodical plan")
        verbose_name_plural = _("topics of the methodical plan")
        ordering = ["plan_id", "order", "pk"]

    def __str__(self) -> str:
        return self.title
