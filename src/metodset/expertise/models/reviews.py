"""Reviews (экспертные заключения): an expert assigned to an item, their scores and conclusion.

Decisions a methodist will ask about:
- A ``Review`` is both the assignment and the conclusion: it is created when the expert is
  assigned (``assigned``), saved as a draft as the expert works (``draft``), and submitted with
  its PDF (``submitted``). An expert who declines gives a reason (``declined``); an overdue
  review that is taken away is ``withdrawn``. Declined and withdrawn rows stay, so the
  assignment never offers the item to the same expert again, and the history shows why.
- A review belongs to one version of the item: after a revision the new version gets new
  reviews, and the earlier conclusions stay with their version.
- The coordinator's decision on an item (``Decision``) is kept for every version, with its
  reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .campaigns import Item
from .rubrics import Criterion


class Review(models.Model):
    """An expert's review of one version of an item."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("assigned")
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    ACTIVE = (Status.ASSIGNED, Status.DRAFT, Status.SUBMITTED)
    OPEN = (Status.ASSIGNED, Status.DRAFT)

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reviews")
    version = models.PositiveIntegerField(_("version reviewed"), default=1)
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        related_name="expertise_reviews",
    )
    number = models.PositiveSmallIntegerField(
        _("expert number"), default=1, help_text=_("«Expert 1, 2…» as blind authors see it.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ASSIGNED
    )
    affinity = models.IntegerField(_("match"), default=0)
    reason = models.CharField(_("why this expert"), max_length=300, blank=True)
    extra = models.BooleanField(
        _("extra review"), default=False, help_text=_("Added because the experts differed.")
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    declined_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    shortcomings = models.TextField(_("shortcomings"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    verdict = models.CharField(
        _("conclusion"), max_length=20, choices=Item.Verdict.choices, blank=True
    )
    total = models.DecimalField(
        _("total, per cent of the maximum"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    conclusion = models.FileField(
        _("conclusion (PDF)"), upload_to="expertise/conclusions/%Y/%m/", blank=True
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    updated_at = models.DateTimeField(_("saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["item", "version", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "version", "expert"],
                condition=Q(status__in=["assigned", "draft", "submitted"]),
                name="review_once_per_expert_and_version",
            )
        ]
        indexes = [
            models.Index(fields=["expert", "status"]),
            models.Index(fields=["item", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.item} — {self.expert}"


class ReviewScore(models.Model):
    """A review's score on one criterion, with the expert's reasoning."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("reasoning"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["review", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Decision(models.Model):
    """The coordinator's decision on a version of an item, with the reason."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="decisions")
    version = models.PositiveIntegerField(_("version"))
    verdict = models.CharField(_("decision"), max_length=20, choices=Item.Verdict.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["item", "-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.item} v{self.version}: {self.get_verdict_display()}"
