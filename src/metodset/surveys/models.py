"""Questionnaires (анкеты): their sections and questions, invitations, responses and answers.

Answers are normalised, one row per chosen option, scale value, number or text, so that the
results page aggregates them in the database (GROUP BY question, row, option) whatever the
number of responses.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network, Organization

SCALE_RANGES = [(1, 5), (1, 10), (0, 10)]
YES, NO = 0, 1  # choice indexes of a yes/no answer


def _public_token() -> str:
    return secrets.token_urlsafe(18)


def _invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Questionnaire(models.Model):
    """A questionnaire (анкета): reflection, satisfaction, audience feedback, needs."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    title = models.CharField(_("title"), max_length=300)
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the questions: what the questionnaire is for, how long it takes."),
    )
    thanks = models.TextField(
        _("thank-you text"),
        blank=True,
        help_text=_("Shown after the answers are sent. Empty: a short standard thank-you."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaires",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaires",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="questionnaires_created",
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Answers are not linked to people; only whether an invitee answered is kept."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_at = models.DateTimeField(_("accepts answers from"), null=True, blank=True)
    closes_at = models.DateTimeField(_("accepts answers until"), null=True, blank=True)
    public_link_enabled = models.BooleanField(
        _("public link"),
        default=False,
        help_text=_("Anyone with the link may answer without an account: parents, colleagues."),
    )
    public_token = models.CharField(max_length=32, unique=True, default=_public_token)
    public_hourly_limit = models.PositiveSmallIntegerField(
        _("answers per hour from one address"),
        default=30,
        help_text=_("Protects the public link from floods; a school's shared network counts once."),
    )
    remind_at = models.DateTimeField(
        _("automatic reminder"),
        null=True,
        blank=True,
        help_text=_("At this time those invited who have not answered get a reminder."),
    )
    remind_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    template_key = models.CharField(_("made from template"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_by", "-created_at"]),
            models.Index(fields=["organization", "-created_at"]),
            models.Index(fields=["network", "-created_at"]),
            models.Index(fields=["status", "remind_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def public_url(self) -> str:
        """The full public link, as it is shared with parents and colleagues."""
        return settings.SITE_URL + reverse("surveys:answer_public", args=[self.public_token])

    def is_accepting(self, now: datetime | None = None) -> bool:
        """Open, and inside its dates."""
        now = now or timezone.now()
        return (
            self.status == self.Status.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )

    def not_yet_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.opens_at is not None and now < self.opens_at

    def deadline_passed(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.closes_at is not None and self.closes_at <= now


class Section(models.Model):
    """A titled part of a questionnaire; its questions are shown under its heading."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """One question; a matrix asks the same scale or columns for each of its rows."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        SCALE = "scale", _("scale")
        YES_NO = "yes_no", _("yes / no")
        SHORT_TEXT = "short_text", _("short text")
        LONG_TEXT = "long_text", _("long text")
        NUMBER = "number", _("number")
        MATRIX = "matrix", _("matrix")

    CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE})
    TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("question"))
    help_text = models.CharField(_("hint"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    # Options of a choice question; columns of a matrix (empty: the matrix uses the scale).
    options = models.JSONField(_("options"), default=list, blank=True)
    rows = models.JSONField(_("matrix rows"), default=list, blank=True)
    scale_min = models.SmallIntegerField(_("scale from"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("scale to"), null=True, blank=True)
    scale_min_label = models.CharField(_("label of the lowest value"), max_length=100, blank=True)
    scale_max_label = models.CharField(_("label of the highest value"), max_length=100, blank=True)
    number_min = models.DecimalField(
        _("smallest number"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    number_max = models.DecimalField(
        _("largest number"), max_digits=14, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["questionnaire", "order"])]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def uses_scale(self) -> bool:
        """A scale, or a matrix whose columns are a scale."""
        return self.kind == self.Kind.SCALE or (self.kind == self.Kind.MATRIX and not self.options)

    @property
    def scale_values(self) -> list[int]:
        if self.scale_min is None or self.scale_max is None:
            return []
        return list(range(self.scale_min, self.scale_max + 1))

    @property
    def choice_labels(self) -> list[str]:
        """The labels an answer's ``choice_index`` points into."""
        if self.kind == self.Kind.YES_NO:
            return [str(_("Yes")), str(_("No"))]
        return [str(o) for o in self.options]


class Invitation(models.Model):
    """A person asked to answer; the personal link works without logging in."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="questionnaire_invitations",
    )
    token = models.CharField(max_length=40, unique=True, default=_invitation_token)
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to a questionnaire")
        verbose_name_plural = _("invitations to questionnaires")
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "user"], name="invitation_once")
        ]
        indexes = [
            models.Index(fields=["questionnaire", "answered_at"]),
            models.Index(fields=["user", "answered_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.questionnaire}"


class Response(models.Model):
    """One filled-in questionnaire."""

    class Channel(models.TextChoices):
        INVITED = "invited", _("by invitation")
        PUBLIC = "public", _("by the public link")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses"
    )
    # Empty for anonymous questionnaires and public answers.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaire_responses",
    )
    # Empty for anonymous questionnaires: the invitation would name the person.
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # HMACs with SECRET_KEY of the browser id and of the IP address; never the raw values.
    browser_hash = models.CharField(max_length=64, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "browser_hash"],
                condition=~Q(browser_hash=""),
                name="response_once_per_browser",
            )
        ]
        indexes = [
            models.Index(fields=["questionnaire", "-submitted_at"]),
            models.Index(fields=["questionnaire", "ip_hash", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} #{self.pk}"


class Answer(models.Model):
    """One value of a response: a chosen option, a scale value or number, or a text.

    A multiple-choice answer is several rows; a matrix answer is a row per matrix row.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # Indexed by the composite indexes below, which start with it.
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    row_index = models.SmallIntegerField(null=True, blank=True)
    choice_index = models.SmallIntegerField(null=True, blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["question", "row_index", "choice_index"]),
            models.Index(fields=["question", "row_index", "number"]),
            models.Index(fields=["question", "response"]),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choice_index or self.number or self.text[:40]}"


def _export_path(export: ResultsExport, filename: str) -> str:
    return f"surveys/exports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx"


class ResultsExport(models.Model):
    """An XLSX file of a questionnaire's responses, built in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being prepared")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    language = models.CharField(max_length=10, default="ru")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=_export_path, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("results export")
        verbose_name_plural = _("results exports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["questionnaire", "requested_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.questionnaire} — {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0


class Draft(models.Model):
    """Answers kept while a person fills in a questionnaire, until she sends them (черновик).

    Keyed by the invitation, or on the public link by the browser (the HMAC of its cookie id,
    as in ``Response.browser_hash``). Never shown in the results; deleted when the answers are
    sent. See ``drafts.py``.
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="drafts"
    )
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="draft"
    )
    browser_hash = models.CharField(max_length=64, blank=True)
    # {field name: [raw values]} exactly as the answer form posted them.
    data = models.JSONField(default=dict, blank=True)
    page = models.PositiveSmallIntegerField(_("section reached"), default=1)
    updated_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("draft of answers")
        verbose_name_plural = _("drafts of answers")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "browser_hash"],
                condition=~Q(browser_hash=""),
                name="draft_once_per_browser",
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} — {self.updated_at:%Y-%m-%d %H:%M}"
