"""Contests (конкурс «Дистанционный урок»): nominations, rules, entries, jury, results, diplomas.

Decisions a methodist will ask about:
- A contest runs on an expertise campaign: its jury are the campaign's experts, assigned by the
  same machinery and scoring on the same rubrics; entries are the campaign's items, each in a
  nomination, entered with the authors' consent to the rules.
- Places are given within each nomination by the ranking rule in ``aggregation.rank`` (median
  total, then trimmed mean, then the first criterion; what still ties shares the place).
- Results are seen by the jury and organisers until they are published; published results are
  public (no sign-in), with the places and the authors' names.
- Diplomas are certificates (the certificates app): winner (1st place), prize-winner (up to
  ``prize_places``), participant.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import aggregation
from .campaigns import Campaign


class Contest(models.Model):
    """A contest of methodical developments."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="contest")
    rules = models.TextField(_("rules (положение)"), blank=True)
    consent_text = models.TextField(
        _("consent the authors give"),
        blank=True,
        help_text=_("Shown at entry; the entry can't be sent without agreeing."),
    )
    prize_places = models.PositiveSmallIntegerField(
        _("places that make prize-winners"), default=3, help_text=_("1st place is the winner.")
    )
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")

    def __str__(self) -> str:
        return str(self.campaign)


class Nomination(models.Model):
    """A nomination of a contest (номинация)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="nominations")
    title = models.CharField(_("nomination"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["contest", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class ContestDiploma(models.Model):
    """A diploma an author got for a contest entry: the award and the certificate issued.

    The certificate itself (its number, PDF and verification page) lives in the certificates
    app; this row says which entry and which award it was for, and keeps a contest's diplomas
    from being issued twice.
    """

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="diplomas")
    item = models.ForeignKey(
        "expertise.Item", on_delete=models.CASCADE, related_name="contest_diplomas"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contest_diplomas"
    )
    award = models.CharField(_("award"), max_length=20, choices=aggregation.Award.choices)
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    certificate = models.OneToOneField(
        "certificates.Certificate",
        verbose_name=_("certificate"),
        on_delete=models.PROTECT,
        related_name="contest_diploma",
    )
    created_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        verbose_name = _("contest diploma")
        verbose_name_plural = _("contest diplomas")
        ordering = ["contest", "place", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "user"], name="contest_diploma_once")
        ]

    def __str__(self) -> str:
        return f"{self.item} — {self.user}: {self.get_award_display()}"
