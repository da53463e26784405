"""The scientific-practical conference (научно-практическая конференция, seed 002) with defences.

Decisions a methodist will ask about:
- Papers come through a call for papers: an expertise campaign of kind «conference papers»,
  reviewed by the same machinery; the accepted ones make the proceedings (сборник материалов),
  together with articles of an «articles» campaign included in them.
- A conference has sections, each with a moderator, a room or a link, a jury and a rubric (the
  call's rubric unless another is chosen). A defence is a trainee's development presented in a
  section at a time slot, with minutes for the talk and for questions; the moderator can run it
  with the programme's live-session timer and question queue.
- Each juror fills a protocol: scores on the section's rubric and «защищено / не защищено». The
  defence is passed when more than half of the protocols say so.
- A conference of a programme may require a passed defence to complete the programme.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .campaigns import Campaign, Item, ItemAuthor
from .rubrics import Criterion, Rubric


class Conference(models.Model):
    """A conference of a network (of an organisation, of a programme's final stage)."""

    network = models.ForeignKey(
        "accounts.Network", verbose_name=_("network"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The programme whose trainees defend their developments here."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    call_for_papers = models.OneToOneField(
        Campaign,
        verbose_name=_("call for papers"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conference",
    )
    defence_required = models.BooleanField(
        _("completing the programme needs a passed defence"), default=False
    )
    articles = models.ManyToManyField(
        Item, verbose_name=_("articles included"), blank=True, related_name="+"
    )
    proceedings = models.FileField(
        _("proceedings (PDF)"), upload_to="expertise/proceedings/%Y/%m/", blank=True
    )
    proceedings_version = models.PositiveIntegerField(_("proceedings version"), default=0)
    proceedings_material = models.ForeignKey(
        "library.Material",
        verbose_name=_("proceedings in the library"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    """A section of a conference (секция) with its moderator, jury and rubric."""

    audit_type = "expertise.section"  # «section» in the audit log is a questionnaire's

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=300)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    jury = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("jury"), blank=True, related_name="+"
    )
    rubric = models.ForeignKey(
        Rubric,
        verbose_name=_("rubric"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the rubric of the call for papers."),
    )
    room = models.CharField(_("room"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("conference", "section")
        verbose_name_plural = pgettext_lazy("conference", "sections")
        ordering = ["conference", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Defence(models.Model):
    """A trainee's development defended in a section at a slot (защита)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        ABSENT = "absent", _("speaker absent")

    class Result(models.TextChoices):
        PASSED = "passed", _("passed")
        FAILED = "failed", _("not passed")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="defences")
    item = models.ForeignKey(
        Item, verbose_name=_("development"), on_delete=models.CASCADE, related_name="defences"
    )
    speakers = models.ManyToManyField(
        ItemAuthor, verbose_name=_("speakers"), blank=True, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts"))
    talk_minutes = models.PositiveSmallIntegerField(_("talk, minutes"), default=7)
    questions_minutes = models.PositiveSmallIntegerField(_("questions, minutes"), default=3)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, blank=True)
    session = models.ForeignKey(
        "programs.LiveSession",
        verbose_name=_("live session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("defence")
        verbose_name_plural = _("defences")
        ordering = ["section", "starts_at", "pk"]

    def __str__(self) -> str:
        return str(self.item)


class DefenceProtocol(models.Model):
    """A juror's protocol of a defence: scores on the rubric and the decision."""

    defence = models.ForeignKey(Defence, on_delete=models.CASCADE, related_name="protocols")
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("jury member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Defence.Result.choices)
    comment = models.TextField(_("comment"), blank=True)
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("defence protocol")
        verbose_name_plural = _("defence protocols")
        ordering = ["defence", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["defence", "juror"], name="defence_protocol_once")
        ]

    def __str__(self) -> str:
        return f"{self.defence} — {self.juror}"


class DefenceScore(models.Model):
    """A juror's score of a defence on one criterion."""

    protocol = models.ForeignKey(DefenceProtocol, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("defence score")
        verbose_name_plural = _("defence scores")
        ordering = ["protocol", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "criterion"], name="defence_score_once_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
