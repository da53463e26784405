"""Rubrics (критерии оценивания, лист экспертизы): criteria with levels, weights and critical ones.

Decisions a methodist will ask about:
- A rubric is versioned. Once a campaign that uses it is opened, the version is frozen
  (``frozen_at``): changing it makes a new version (``previous`` points to the old one), so a
  conclusion always shows the criteria it was written against.
- Each criterion is scored from 0 to its ``max_score``; ``descriptors`` say what each score
  means. ``weight`` scales its share of the total, which is shown as points and as a percentage
  of the maximum.
- A critical criterion (``critical``) scored below ``pass_score`` fails the whole item,
  whatever the total («не рекомендовано»).
- Below ``comment_below`` the expert must explain the score (the seed's «обоснование»).
- The regulated conclusion of seed 002 ships as a template rubric (``network`` empty); a
  network copies it and edits its copy.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Rubric(models.Model):
    """A set of criteria to examine one kind of object (лист экспертизы)."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    network = models.ForeignKey(
        "accounts.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rubrics",
        help_text=_("Empty for the templates shipped with the platform."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_version",
    )
    recommend_from = models.PositiveSmallIntegerField(
        _("«recommended» from (per cent of the maximum)"), default=70
    )
    revise_from = models.PositiveSmallIntegerField(
        _("«recommended after revision» from (per cent of the maximum)"), default=50
    )
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["title", "-version", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revise_from__lte=models.F("recommend_from"), recommend_from__lte=100),
                name="rubric_thresholds_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_template(self) -> bool:
        return self.network_id is None


class Criterion(models.Model):
    """One criterion of a rubric (критерий)."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("criterion"), max_length=300)
    description = models.TextField(_("what is examined"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=3)
    critical = models.BooleanField(
        _("critical"), default=False, help_text=_("A score below the pass score fails the whole.")
    )
    pass_score = models.PositiveSmallIntegerField(_("pass score"), default=1)
    comment_below = models.PositiveSmallIntegerField(
        _("reasoning required below"),
        null=True,
        blank=True,
        help_text=_("A score below this needs the expert's reasoning."),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["rubric", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
            models.CheckConstraint(
                condition=Q(max_score__gte=1, max_score__lte=100), name="criterion_scale_bounded"
            ),
            models.CheckConstraint(
                condition=Q(pass_score__lte=models.F("max_score")),
                name="criterion_pass_within_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LevelDescriptor(models.Model):
    """What a score of a criterion means (описание уровня)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="descriptors")
    score = models.PositiveSmallIntegerField(_("score"))
    text = models.CharField(_("descriptor"), max_length=500)

    class Meta:
        verbose_name = _("level descriptor")
        verbose_name_plural = _("level descriptors")
        ordering = ["criterion", "score"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "score"], name="descriptor_once_per_score")
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.text}"
