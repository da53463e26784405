"""Live presentation sessions with a time regulation, their slots and question queue."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.events.models import Event

from .programs import Stage
from .teamwork import Team


def _screen_token() -> str:
    return secrets.token_urlsafe(12)


class LiveSession(models.Model):
    """A presentation session of a programme event, run under a time regulation.

    The clock is server time: the state holds when the current phase started and how much
    of it was used before a pause, so every screen computes the same remaining time whatever
    its own clock and zone.
    """

    class Phase(models.TextChoices):
        WAITING = "waiting", _("not started")
        TALK = "talk", _("talk")
        QUESTIONS = "questions", _("questions")
        DONE = "done", _("finished")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="sessions")
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="live_sessions"
    )
    title = models.CharField(_("title"), max_length=300)
    talk_seconds = models.PositiveIntegerField(_("talk, seconds"), default=180)
    questions_seconds = models.PositiveIntegerField(_("questions, seconds"), default=120)
    current = models.PositiveSmallIntegerField(default=0)  # index into the slots
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.WAITING)
    phase_started_at = models.DateTimeField(null=True, blank=True)
    paused = models.BooleanField(default=False)
    used_seconds = models.PositiveIntegerField(default=0)  # of the phase, before the pause
    extra_seconds = models.IntegerField(default=0)  # added to the current phase
    screen_token = models.CharField(max_length=32, unique=True, default=_screen_token)
    version = models.PositiveIntegerField(default=0)  # bumped on every change, for refreshes

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")

    def __str__(self) -> str:
        return self.title


class SessionSlot(models.Model):
    """A team's turn in a live session."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="slots")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["session", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "team"], name="slot_once_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.team}"


class SessionQuestion(models.Model):
    """A question sent to the presenting team from a participant's phone."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="questions")
    slot = models.ForeignKey(SessionSlot, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.CharField(_("question"), max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
