"""Teams and their work: the team thread, submissions in versions with the tutor's
comments, and reminders of due dates."""

from __future__ import annotations

import os

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.library.models import Material
from metodset.surveys.models import Questionnaire

from .programs import Assignment, Program


class Team(models.Model):
    """A sub-team of interns with a tutor (подгруппа)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="teams")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tutored_teams",
    )
    # The public questionnaire for the audience of the event the team runs for real (seed 000):
    # parents and colleagues answer by its link; the team reads the answers.
    audience_questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("audience feedback questionnaire"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="team_number_once")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        number = _("Team %(n)s") % {"n": self.number}
        return f"{number} «{self.name}»" if self.name else str(number)


class TeamMessage(models.Model):
    """A message in a team's thread, or a request to the tutor."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("message"))
    file = models.FileField(_("file"), upload_to="programs/messages/%Y/%m/", blank=True)
    to_tutor = models.BooleanField(_("a request to the tutor"), default=False)
    resolved_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("team message")
        verbose_name_plural = _("team messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["team", "created_at"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def file_label(self) -> str:
        """The attached file's own name, without the upload folders."""
        return os.path.basename(self.file.name or "") if self.file else ""


class Submission(models.Model):
    """What a team or an intern hands in for an assignment; its content lives in versions."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned with comments")
        ACCEPTED = "accepted", _("accepted")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="submissions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="submissions",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)
    # The material made of the accepted work in the programme's final case, so it is added once.
    case_material = models.ForeignKey(
        Material,
        verbose_name=_("in the final case as"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "team"],
                condition=Q(team__isnull=False),
                name="submission_once_per_team",
            ),
            models.UniqueConstraint(
                fields=["assignment", "user"],
                condition=Q(user__isnull=False),
                name="submission_once_per_person",
            ),
            models.CheckConstraint(
                condition=Q(team__isnull=False) | Q(user__isnull=False),
                name="submission_has_an_author",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} — {self.team or self.user}"


class SubmissionVersion(models.Model):
    """One saved state of a submission; every version is kept."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    card = models.JSONField(_("card"), default=dict, blank=True)
    text = models.TextField(_("text"), blank=True)
    video_url = models.URLField(_("video"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="programs/submissions/%Y/%m/", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted = models.BooleanField(_("handed in"), default=False)
    created_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("submission version")
        verbose_name_plural = _("submission versions")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="version_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"


class SubmissionComment(models.Model):
    """The tutor's comment on a version, on one field of the card or on the whole."""

    version = models.ForeignKey(
        SubmissionVersion, on_delete=models.CASCADE, related_name="comments"
    )
    field = models.CharField(_("field"), max_length=40, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class AssignmentReminder(models.Model):
    """A reminder of an assignment's due date, sent once to a team or to an intern.

    The unique row is written in the same transaction as the queued e-mails, so a reminder
    goes out exactly once however many workers sweep at the same time.
    """

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("assignment reminder")
        verbose_name_plural = _("assignment reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "team"],
                condition=Q(team__isnull=False),
                name="assignment_reminder_once_per_team",
            ),
            models.UniqueConstraint(
                fields=["assignment", "user"],
                condition=Q(user__isnull=False),
                name="assignment_reminder_once_per_person",
            ),
            models.CheckConstraint(
                condition=Q(team__isnull=False) | Q(user__isnull=False),
                name="assignment_reminder_has_an_addressee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} — {self.team or self.user}"
