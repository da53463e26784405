"""Competency frameworks (рамки компетенций): area → competency → indicator, with levels.

A framework is versioned: a new import under the same slug becomes the next version and the
old one stays, so assessments made against it keep their meaning. Campaigns, tests, scores
and routes refer to indicators of one version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network


class Framework(models.Model):
    """One version of a competency framework."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    slug = models.SlugField(_("code"), max_length=60, allow_unicode=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    threshold = models.DecimalField(
        _("deficit threshold"),
        max_digits=3,
        decimal_places=1,
        default=2,
        help_text=_("A competency whose level is below this is a deficit."),
    )
    # [{"value": 0, "label": "не проявляется", "descriptor": "..."}, ...]
    levels = models.JSONField(_("levels"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="frameworks",
        help_text=_("Empty for the frameworks shipped with the platform."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="framework_slug_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def max_level(self) -> int:
        return max((level["value"] for level in self.levels), default=0)


class Area(models.Model):
    """An area of the framework, e.g. «Методические компетенции» (направление дефицитов)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="area_code_in_framework")
        ]

    def __str__(self) -> str:
        return self.title


class Competency(models.Model):
    """A competency of an area, tied where it applies to a labour function of the standard."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competencies")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="competencies")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=500)
    labour_function = models.CharField(_("labour function"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["framework", "area__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="competency_code_in_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(models.Model):
    """An observable action that shows the competency (индикатор)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    text = models.CharField(_("indicator"), max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["framework", "competency__area__order", "competency__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="indicator_code_in_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"
