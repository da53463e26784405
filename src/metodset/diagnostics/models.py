"""Competency frameworks (рамки компетенций): area → competency → indicator, with levels.

A framework is versioned: a new import under the same slug becomes the next version and the
old one stays, so assessments made against it keep their meaning. Diagnostics, profiles and
routes (coming with the rest of the diagnostics issue) refer to indicators of one version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network


class Framework(models.Model):
    """One version of a competency framework."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    slug = models.SlugField(_("code"), max_length=60, allow_unicode=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    threshold = models.DecimalField(
        _("deficit threshold"),
        max_digits=3,
        decimal_places=1,
        default=2,
        help_text=_("A competency whose level is below this is a deficit."),
    )
    # [{"value": 0, "label": "не проявляется", "descriptor": "..."}, ...]
    levels = models.JSONField(_("levels"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="frameworks",
        help_text=_("Empty for the frameworks shipped with the platform."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="framework_slug_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def max_level(self) -> int:
        return max((level["value"] for level in self.levels), default=0)


class Area(models.Model):
    """An area of the framework, e.g. «Методические компетенции» (направление дефицитов)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="area_code_in_framework")
        ]

    def __str__(self) -> str:
        return self.title


class Competency(models.Model):
    """A competency of an area, tied where it applies to a labour function of the standard."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competencies")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="competencies")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=500)
    labour_function = models.CharField(_("labour function"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["framework", "area__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="competency_code_in_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(models.Model):
    """An observable action that shows the competency (индикатор)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    text = models.CharField(_("indicator"), max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["framework", "competency__area__order", "competency__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="indicator_code_in_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


# --- Diagnostics: campaigns, instruments, scores --------------------------------------------
#
# A campaign assesses a set of people against one framework version with some instruments.
# Every instrument ends in IndicatorScore rows (one per indicator, source and, for observations,
# protocol). The scores of a participant are then folded into CompetencyScore rows, a
# denormalised table (campaign and organisation copied in) that profiles, heat maps and route
# drafting read without touching the millions of indicator scores.


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


class Source(models.TextChoices):
    """Where an indicator score came from."""

    SELF = "self", _("self-assessment")
    TEST = "test", _("test")
    OBSERVATION = "observation", _("expert observation")


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


class IndicatorScore(models.Model):
    """A level of one indicator for one participant from one source."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="indicator_scores"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=12, choices=Source.choices)
    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, null=True, blank=True, related_name="scores"
    )
    # None: «не применимо» — the indicator does not concern this person (a kindergarten
    # teacher and a subject-specific indicator); it is left out of the competency's level.
    value = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "indicator", "source"],
                condition=models.Q(observation__isnull=True),
                name="indicator_score_once_per_source",
            ),
            models.UniqueConstraint(
                fields=["observation", "indicator"],
                condition=models.Q(observation__isnull=False),
                name="indicator_score_once_per_observation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} ({self.source}): {self.value}"


class CompetencyScore(models.Model):
    """A participant's level of one competency, folded from the indicator scores.

    Denormalised for reading: campaign and organisation are copied from the participant.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="competency_scores"
    )
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+"
    )
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    level = models.FloatField()
    deficit = models.BooleanField()
    # The sources that contributed, comma-separated in Source order: "self,observation".
    sources = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "competency"], name="competency_score_once"
            )
        ]
        # Heat maps group a campaign's rows by organisation and competency and read only the
        # level and the deficit: with all five in the index the GROUP BY never visits the
        # table (0.40 → 0.14 s for 630,000 rows on SQLite).
        indexes = [
            models.Index(
                fields=["campaign", "organization", "competency", "level", "deficit"],
                name="competency_score_heatmap",
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency_id}: {self.level}"


# --- Instruments: a test with keys ----------------------------------------------------------


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


# --- Instruments: children's results -----------------------------------------------------------


class ResultsTable(models.Model):
    """Children's results of a group or class by area and date (e.g. a monitoring's tables)."""

    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="children_results",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children_results",
    )
    group = models.CharField(_("group or class"), max_length=100)
    subject = models.CharField(_("subject or field"), max_length=200)
    scale = models.CharField(
        _("what the numbers are"),
        max_length=100,
        default="% выполнения",
        help_text=_("E.g. «% выполнения», «средний балл», «% на высоком уровне»."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("children's results")
        verbose_name_plural = _("children's results")
        ordering = ["organization", "group", "subject", "pk"]

    def __str__(self) -> str:
        return f"{self.group}: {self.subject}"


class ResultRow(models.Model):
    """One measurement: an area (e.g. «Вычисления») on a date."""

    table = models.ForeignKey(ResultsTable, on_delete=models.CASCADE, related_name="rows")
    area = models.CharField(_("area"), max_length=200)
    measured_on = models.DateField(_("date"))
    value = models.FloatField(_("result"))
    children = models.PositiveSmallIntegerField(_("children"), null=True, blank=True)

    class Meta:
        ordering = ["table", "area", "measured_on"]
        constraints = [
            models.UniqueConstraint(fields=["table", "area", "measured_on"], name="result_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.measured_on}: {self.value}"
