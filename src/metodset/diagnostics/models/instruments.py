"""Instruments besides the self-assessment questionnaire: expert observation, a test with keys."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network

from .campaigns import Participant
from .frameworks import Framework, Indicator


class Observation(models.Model):
    """An expert observation protocol: who watched whom, at which lesson or event."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="observations"
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("observer"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="observations_made",
    )
    observed_on = models.DateField(_("date"), default=timezone.localdate)
    subject = models.CharField(
        _("lesson or event"),
        max_length=300,
        help_text=_("E.g. «Урок математики, 5 А: дроби»."),
    )
    notes = models.TextField(_("conclusion and recommendations"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("observation protocol")
        verbose_name_plural = _("observation protocols")
        ordering = ["-observed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.observed_on})"


# --- A test with keys -----------------------------------------------------------------------------


class Test(models.Model):
    """A test with keys: each item checks one indicator; the score per indicator is the share
    of its points earned, scaled to the framework's levels."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="tests")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class TestItem(models.Model):
    """A test question with its options and the key (the indexes of the correct options)."""

    test = models.ForeignKey(Test, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("question"))
    options = models.JSONField(_("options"), default=list)
    key = models.JSONField(_("correct options"), default=list)
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["test", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class TestAttempt(models.Model):
    """A participant's answers to the campaign's test: {item id: [chosen indexes]}."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="test_attempts"
    )
    test = models.ForeignKey(Test, on_delete=models.CASCADE, related_name="attempts")
    answers = models.JSONField(default=dict)
    points = models.PositiveIntegerField(default=0)
    max_points = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "test"], name="test_attempt_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.points}/{self.max_points}"
