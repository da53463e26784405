"""Assessment campaigns (диагностики) and the people they assess.

A campaign assesses a set of people against one framework version with some instruments
(``instruments``); what they measure ends in scores (``scores``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network

from .frameworks import Framework


class Campaign(models.Model):
    """An assessment campaign (диагностика) of an organisation or a whole network."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    title = models.CharField(_("title"), max_length=300)
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="campaigns"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessment_campaigns",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessment_campaigns",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    self_assessment = models.BooleanField(_("self-assessment"), default=True)
    observation = models.BooleanField(
        _("expert observation"),
        default=False,
        help_text=_("A methodist or colleague rates the indicators after a lesson or event."),
    )
    test = models.ForeignKey(
        "diagnostics.Test",
        verbose_name=_("test"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaigns",
    )
    # The self-assessment questionnaire made for the campaign (surveys.Questionnaire).
    questionnaire = models.OneToOneField(
        "surveys.Questionnaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessment_campaign",
    )
    # {question id: [indicator id of each matrix row]}: how the questionnaire's answers map
    # back to indicators, kept rather than guessed from the order of questions.
    self_map = models.JSONField(default=dict, blank=True, editable=False)
    remind_at = models.DateTimeField(
        _("automatic reminder"),
        null=True,
        blank=True,
        help_text=_("At this time those who have not finished get a reminder."),
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Counts people removed: removing deletes competency scores without making a new one, so
    # the heat maps' cache key (the newest score's id) needs this to change as well.
    people_removed = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("assessment campaign")
        verbose_name_plural = _("assessment campaigns")
        ordering = ["-starts_on", "-pk"]
        # Network coordinators see aggregates by organisation; names across the network only
        # with this permission (given in the admin, to a person or a group).
        permissions = [
            ("view_named_results", _("Can see diagnostics results by name across the network"))
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False, network__isnull=True)
                | models.Q(organization__isnull=True, network__isnull=False),
                name="campaign_of_organization_or_network",
            )
        ]
        indexes = [models.Index(fields=["status", "remind_at"])]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A person assessed in a campaign, with what the heat-map filters need copied in.

    The workplace, position and experience are taken when the person is added, so that a
    campaign's picture does not change when somebody moves school later.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="assessed",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    experience_years = models.PositiveSmallIntegerField(_("experience, years"), null=True)
    self_done_at = models.DateTimeField(_("self-assessment done"), null=True, blank=True)
    test_done_at = models.DateTimeField(_("test done"), null=True, blank=True)
    observed_at = models.DateTimeField(_("observed"), null=True, blank=True)
    scored_at = models.DateTimeField(_("profile computed"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessed person")
        verbose_name_plural = _("assessed people")
        ordering = ["campaign", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="participant_once")
        ]
        indexes = [
            models.Index(fields=["campaign", "organization"]),
            models.Index(fields=["user", "campaign"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.campaign}"
