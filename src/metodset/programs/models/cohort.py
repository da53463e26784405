"""The cohort's shared space (seed 000): the feed of the whole programme, where interns and
tutors post materials and links and every team's video of its real event appears once the
team shares it, and the coordinators' feedback to a team or to an intern."""

from __future__ import annotations

import os

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .programs import Program
from .teamwork import SubmissionVersion, Team


class CohortPost(models.Model):
    """A post of the cohort feed (лента потока): a material or link, or a team's shared video.

    A shared video is not uploaded again: the post points at the version of the team's video
    work that was shared, and shows its link or file."""

    class Kind(models.TextChoices):
        POST = "post", _("material or link")
        VIDEO = "video", _("video of the team's event")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="cohort_posts")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.POST)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cohort_posts",
    )
    version = models.ForeignKey(
        SubmissionVersion,
        verbose_name=_("shared version of the work"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("text"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="programs/cohort/%Y/%m/", blank=True)
    shared_at = models.DateTimeField(_("shared"), default=timezone.now)

    class Meta:
        verbose_name = _("cohort feed post")
        verbose_name_plural = _("cohort feed posts")
        ordering = ["-shared_at", "-pk"]
        indexes = [models.Index(fields=["program", "-shared_at"])]
        constraints = [
            # a team shares the video of its event once; sharing it again is the same post
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(kind="video"),
                name="cohort_video_once_per_team",
            ),
            models.CheckConstraint(
                condition=Q(kind="post") | Q(team__isnull=False, version__isnull=False),
                name="cohort_video_has_its_team_and_version",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.VIDEO and self.team_id:
            return str(_("Video of %(team)s") % {"team": self.team})
        return (self.text or self.url or self.file_label)[:60]

    @property
    def file_label(self) -> str:
        """The attached file's own name, without the upload folders."""
        return os.path.basename(self.file.name or "") if self.file else ""


class Feedback(models.Model):
    """A coordinator's feedback (обратная связь) to a team or to one intern."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="feedback")
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback",
    )
    intern = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("intern"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="program_feedback",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("feedback"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("coordinator's feedback")
        verbose_name_plural = _("coordinators' feedback")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False, intern__isnull=True)
                | Q(team__isnull=True, intern__isnull=False),
                name="feedback_to_a_team_or_an_intern",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]
