"""Individual educational routes (ИОМ / ИОП) and the catalogue of activities they are made of.

A route is a teacher's plan of professional development for a school year: the deficits it
addresses, a goal, and steps — each an activity of the catalogue (or free text) aimed at one
competency, with planned dates, the expected result and the form it is presented in. The
teacher marks steps done with evidence and a short reflection; the organisation's methodist
(or the teacher's tutor) approves the route.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network, Organization

if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import StrOrPromise


def school_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """1 September to 31 August."""
    return dt.date(year, 9, 1), dt.date(year + 1, 8, 31)


def school_year_label(year: int) -> str:
    return f"{year}/{str(year + 1)[-2:]}"


class Activity(models.Model):
    """An item of the catalogue a route step can be (мероприятие, форма повышения квалификации).

    It is an event, programme, module, material or collection of the platform (by reference),
    an external course, work in a community, learning from a named colleague, or self-study;
    tagged with the competencies it develops and its hours. Shipped items have no owner.
    """

    class Kind(models.TextChoices):
        EVENT = "event", _("event of the platform")
        PROGRAM = "program", _("programme of the platform")
        MODULE = "module", _("module of a programme")
        MATERIAL = "material", _("material of the library")
        COLLECTION = "collection", _("collection of the library")
        COURSE = "course", _("external course")
        COMMUNITY = "community", _("work in a community")
        COLLEAGUE = "colleague", _("learning from a colleague")
        SELF_STUDY = "self_study", _("self-study")

    class Format(models.TextChoices):
        ONLINE = "online", _("online")
        OFFLINE = "offline", _("in person")
        HYBRID = "hybrid", _("hybrid")
        DISTANCE = "distance", _("distance, at one's own pace")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    # The «форма» column of the route document: курсы повышения квалификации, стажировка,
    # ПОС, наставничество, самообразование... Empty: derived from the kind.
    form = models.CharField(_("form"), max_length=200, blank=True)
    provider = models.CharField(
        _("provider"), max_length=300, blank=True, help_text=_("Who runs the course.")
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    competencies = models.ManyToManyField(
        "diagnostics.Competency",
        verbose_name=_("competencies it develops"),
        blank=True,
        related_name="activities",
    )
    starts_on = models.DateField(_("available from"), null=True, blank=True)
    ends_on = models.DateField(_("available until"), null=True, blank=True)
    expected_result = models.CharField(_("planned result"), max_length=500, blank=True)
    presentation_form = models.CharField(
        _("form of presenting the result"), max_length=300, blank=True
    )
    # What the activity refers to on the platform (at most one of these).
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    module = models.ForeignKey(
        "programs.Stage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    material = models.ForeignKey(
        "library.Material", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    collection = models.ForeignKey(
        "library.Collection", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The colleague one learns from (horizontal learning)."),
    )
    # The owner: an organisation or a network; neither for the items shipped with the platform.
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="route_activities",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="route_activities",
    )
    slug = models.SlugField(max_length=80, blank=True, help_text="Shipped items only.")
    active = models.BooleanField(_("offered"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("route activity")
        verbose_name_plural = _("route activities")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=True) | Q(network__isnull=True),
                name="activity_owned_by_one",
            ),
            models.UniqueConstraint(
                fields=["slug"], condition=~Q(slug=""), name="activity_slug_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def form_label(self) -> str:
        return self.form or str(FORM_OF_KIND.get(self.kind, self.get_kind_display()))


FORM_OF_KIND: dict[str, StrOrPromise] = {
    Activity.Kind.EVENT: _("event"),
    Activity.Kind.PROGRAM: _("programme"),
    Activity.Kind.MODULE: _("module of the programme"),
    Activity.Kind.MATERIAL: _("study of methodical materials"),
    Activity.Kind.COLLECTION: _("study of methodical materials"),
    Activity.Kind.COURSE: _("professional development course"),
    Activity.Kind.COMMUNITY: _("professional learning community"),
    Activity.Kind.COLLEAGUE: _("mentoring, learning from a colleague"),
    Activity.Kind.SELF_STUDY: _("self-study"),
}


class Layout(models.Model):
    """An organisation's columns of the route document (the regional layout by default)."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="route_layout"
    )
    columns = models.JSONField(_("columns"), default=list)

    class Meta:
        verbose_name = _("route document layout")
        verbose_name_plural = _("route document layouts")

    def __str__(self) -> str:
        return str(self.organization)


class Route(models.Model):
    """A teacher's individual educational route for a school year (ИОМ, ИОП)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for approval")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for changes")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="routes",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="routes",
    )
    year = models.PositiveSmallIntegerField(_("school year"))  # 2026 for 2026/27
    goal = models.TextField(_("goal"), blank=True)
    deficits = models.ManyToManyField(
        "diagnostics.Competency",
        verbose_name=_("deficits it addresses"),
        blank=True,
        related_name="+",
    )
    hours_budget = models.DecimalField(
        _("hours planned for the year"), max_digits=5, decimal_places=1, default=Decimal(72)
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    drafted_at = models.DateTimeField(_("drafted automatically"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("individual educational route")
        verbose_name_plural = _("individual educational routes")
        ordering = ["-year", "user__last_name", "user__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "year"], name="route_once_per_year"
            )
        ]
        indexes = [models.Index(fields=["organization", "year", "status"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.year_label}"

    @property
    def year_label(self) -> str:
        return school_year_label(self.year)

    @property
    def editable(self) -> bool:
        """The teacher edits a draft or a returned route; a submitted or approved one is fixed."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        return school_year_bounds(self.year)


class Step(models.Model):
    """A step of a route: an activity (or free text) for a competency, with dates and evidence."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        SKIPPED = "skipped", _("skipped")

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(default=0)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steps",
    )
    title = models.CharField(_("activity or form"), max_length=500)
    form = models.CharField(_("form"), max_length=200, blank=True)
    competency = models.ForeignKey(
        "diagnostics.Competency",
        verbose_name=_("competency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    task = models.CharField(_("task"), max_length=500, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    expected_result = models.CharField(_("planned result"), max_length=500, blank=True)
    presentation_form = models.CharField(
        _("form of presenting the result"), max_length=300, blank=True
    )
    # Why drafting chose it, in the language of the person who drafted: «Дефицит МТ.4 …».
    reason = models.CharField(_("why this step"), max_length=500, blank=True)
    mandatory = models.BooleanField(
        _("required by the programme"), default=False
    )  # an invariant module
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="routes/evidence/%Y/%m/", blank=True
    )
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_text = models.TextField(_("product"), blank=True)
    reflection = models.TextField(_("reflection"), blank=True)
    # Horizontal learning: the internal event where the teacher passes this course on.
    teaching_event = models.ForeignKey(
        "events.Event",
        verbose_name=_("teaching colleagues"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("route step")
        verbose_name_plural = _("route steps")
        ordering = ["route", "order", "pk"]
        indexes = [models.Index(fields=["route", "status"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.ends_on is not None
            and self.ends_on < today
            and self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)
        )

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file or self.evidence_url or self.evidence_text)


class HoursCredit(models.Model):
    """Hours credited for horizontal learning (горизонтальное обучение): to the teacher who
    passed a course on to colleagues, and to each colleague who attended."""

    class Role(models.TextChoices):
        TRAINER = "trainer", _("taught colleagues")
        ATTENDEE = "attendee", _("learned from a colleague")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hours_credits"
    )
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    # The trainer's step the event came from. Emptied, not cascaded, when the trainer's route
    # goes (their data deleted): the colleagues who attended keep their hours.
    step = models.ForeignKey(
        Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="credits"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    year = models.PositiveSmallIntegerField(_("school year"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hours credit")
        verbose_name_plural = _("hours credits")
        constraints = [
            models.UniqueConstraint(fields=["user", "event", "role"], name="hours_credit_once")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.hours}"
