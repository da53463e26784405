"""The lesson-study cycle (исследование урока) of a community.

plan together → conduct and observe → analyse → correct → the next lesson, and round again.

- A cycle has case children (2–4), recorded by a code or pseudonym only: their names never
  enter the platform. The protocols are evidence about children's learning, never a rating of
  the teacher: nothing here reaches diagnostics, heat maps or anyone outside the community.
- The lesson notes or technological map is versioned: each correction is a new version with
  what changed and why; every lesson (round) is taught from one version.
- Predictions belong to a stage of a version and a case child; observations are entries of an
  observer's protocol for a case child in a lesson, each with the stage and the minute.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .community import Community


class Cycle(models.Model):
    """A lesson-study cycle: one research lesson taught, analysed and corrected in rounds."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="cycles")
    title = models.CharField(_("topic of the lesson"), max_length=300)
    group = models.CharField(
        _("group or class"), max_length=100, help_text=_("E.g. «старшая группа „Б“», «3 А».")
    )
    goal = models.TextField(_("research goal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson-study cycle")
        verbose_name_plural = _("lesson-study cycles")
        ordering = ["community_id", "-created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class CycleGuest(models.Model):
    """«Знающий другой»: a methodist or scientist from outside who observes and comments on the
    plan and the analysis without joining the community."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="guests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "user"], name="cycle_guest_once")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.cycle_id}"


class CaseChild(models.Model):
    """A child the observers follow, by code or pseudonym only (никаких фамилий)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="case_children")
    code = models.CharField(
        _("code or pseudonym"),
        max_length=20,
        help_text=_("E.g. «Р-1» or «Лиса». Never the child's name."),
    )
    note = models.CharField(_("what we know of the child's learning"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("case child")
        verbose_name_plural = _("case children")
        ordering = ["cycle_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="case_child_code_once")
        ]

    def __str__(self) -> str:
        return self.code


class MapVersion(models.Model):
    """A version of the lesson notes or technological map (конспект, технологическая карта)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    change_note = models.TextField(
        _("what changed and why"), blank=True, help_text=_("Empty for the first version.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("version of the lesson map")
        verbose_name_plural = _("versions of the lesson map")
        ordering = ["cycle_id", "number"]
        constraints = [models.UniqueConstraint(fields=["cycle", "number"], name="map_version_once")]

    def __str__(self) -> str:
        return f"{self.cycle_id} v{self.number}"


class MapStage(models.Model):
    """A stage of the lesson: its time, what the teacher and the children do, what is expected."""

    version = models.ForeignKey(MapVersion, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(_("stage"), max_length=300)
    minutes = models.PositiveSmallIntegerField(_("duration, minutes"))
    activities = models.TextField(_("activities"), blank=True)
    expected = models.TextField(_("expected responses of children"), blank=True)

    class Meta:
        ordering = ["version_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="map_stage_order_once")
        ]

    def __str__(self) -> str:
        return self.title


class StageComment(models.Model):
    """A comment beside a stage of the map, by a member or a guest."""

    stage = models.ForeignKey(MapStage, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["stage_id", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class Prediction(models.Model):
    """What the developers expect a case child to do at a stage."""

    stage = models.ForeignKey(MapStage, on_delete=models.CASCADE, related_name="predictions")
    case_child = models.ForeignKey(CaseChild, on_delete=models.CASCADE, related_name="predictions")
    text = models.TextField(_("prediction"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage", "case_child"], name="prediction_once")
        ]

    def __str__(self) -> str:
        return self.text[:50]


class Lesson(models.Model):
    """A round of the cycle: the lesson taught from a version of the map, observed, analysed,
    and corrected into the next version."""

    class Stage(models.TextChoices):
        PLANNING = "planning", _("joint planning")
        OBSERVING = "observing", _("conduct and observe")
        ANALYSING = "analysing", _("analysis")
        CORRECTING = "correcting", _("correction")
        DONE = "done", _("done")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="lessons")
    number = models.PositiveSmallIntegerField(_("round"))
    version = models.ForeignKey(
        MapVersion, on_delete=models.PROTECT, related_name="lessons", verbose_name=_("map")
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teaches"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    stage = models.CharField(
        _("step"), max_length=20, choices=Stage.choices, default=Stage.PLANNING
    )
    # The analysis, in the order the group discusses it (DOMAIN.md): the case children against
    # the predictions → the group → the teaching → the goal of the next lesson.
    on_children = models.TextField(_("individual progress of the case children"), blank=True)
    on_group = models.TextField(_("the group as a whole"), blank=True)
    on_teaching = models.TextField(_("the teaching"), blank=True)
    conclusions = models.TextField(_("agreed conclusions"), blank=True)
    recommendations = models.TextField(_("recommendations for the next lesson"), blank=True)

    class Meta:
        verbose_name = _("research lesson")
        verbose_name_plural = _("research lessons")
        ordering = ["cycle_id", "number"]
        constraints = [models.UniqueConstraint(fields=["cycle", "number"], name="lesson_once")]

    def __str__(self) -> str:
        return f"{self.cycle_id} #{self.number}"


class Protocol(models.Model):
    """An observer's protocol of one case child in one lesson."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="protocols")
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("observer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    case_child = models.ForeignKey(CaseChild, on_delete=models.CASCADE, related_name="protocols")
    notes = models.TextField(_("free notes"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("observation protocol")
        verbose_name_plural = _("observation protocols")
        ordering = ["lesson_id", "case_child_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "observer", "case_child"], name="protocol_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.observer_id}: {self.case_child_id} in {self.lesson_id}"


class ProtocolEntry(models.Model):
    """What the child did and said at a stage, with the minute of the lesson.

    ``client_key`` is made by the observer's phone: an entry written offline and sent twice
    when the connection comes back is stored once.
    """

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="entries")
    stage = models.ForeignKey(
        MapStage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    minute = models.PositiveSmallIntegerField(_("minute of the lesson"), null=True, blank=True)
    text = models.TextField(_("what the child did and said"))
    client_key = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["protocol_id", "minute", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["protocol", "client_key"], name="protocol_entry_once")
        ]

    def __str__(self) -> str:
        return self.text[:50]
