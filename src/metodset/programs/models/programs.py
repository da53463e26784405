"""The programme itself: its members in roles, stages, assignments, completion rules and
the variative modules interns choose."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network, Organization
from metodset.events.models import Event
from metodset.library.models import Collection


class Program(models.Model):
    """A staged programme of professional development (интернатура, стажировка)."""

    class Kind(models.TextChoices):
        DIGITAL_INTERNSHIP = "digital_internship", _("digital pedagogical internship")
        INTERNSHIP_SITE = "internship_site", _("internship-site programme")
        NETWORK_INTERNSHIP = "network_internship", _("informal network internship")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        RECRUITING = "recruiting", _("recruiting")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    topic = models.CharField(_("topic"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("who it is for"), max_length=500, blank=True, help_text=_("E.g. preschool teachers.")
    )
    organizer = models.ForeignKey(
        Organization, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="programs"
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programs",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    applications_open_on = models.DateField(_("applications from"), null=True, blank=True)
    applications_close_on = models.DateField(_("applications until"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    team_min = models.PositiveSmallIntegerField(_("team size from"), default=3)
    team_max = models.PositiveSmallIntegerField(_("team size to"), default=4)
    hours_in_person = models.DecimalField(
        _("hours in person"), max_digits=5, decimal_places=1, default=0
    )
    hours_self_study = models.DecimalField(
        _("hours of self-study"), max_digits=5, decimal_places=1, default=0
    )
    final_case = models.OneToOneField(
        Collection,
        verbose_name=_("final case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="program",
    )
    final_case_published = models.BooleanField(_("final case shown to interns"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def hours(self):
        return self.hours_in_person + self.hours_self_study

    def applications_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        if self.status != self.Status.RECRUITING:
            return False
        if self.applications_open_on and today < self.applications_open_on:
            return False
        return not (self.applications_close_on and today > self.applications_close_on)


class ProgramMember(models.Model):
    """A person's role in a programme: coordinator, tutor or intern (стажёр)."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        TUTOR = "tutor", _("tutor")
        INTERN = "intern", _("intern")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        "Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    # Interns with the same number asked to work together; team formation keeps them so.
    together = models.PositiveSmallIntegerField(_("keep together, group"), null=True, blank=True)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("programme member")
        verbose_name_plural = _("programme members")
        constraints = [
            models.UniqueConstraint(fields=["program", "user", "role"], name="program_role_once")
        ]
        indexes = [models.Index(fields=["program", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.program}"


class Stage(models.Model):
    """An ordered stage of a programme (этап)."""

    class Kind(models.TextChoices):
        PREPARATORY = "preparatory", _("preparatory stage")
        FIRST = "first", _("first stage")
        INTER_EVENT = "inter_event", _("inter-event period")
        SECOND = "second", _("second stage")
        SELF_STUDY = "self_study", _("self-study block")
        FINAL = "final", _("final stage")
        MODULE = "module", _("module")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("what happens"), blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    events = models.ManyToManyField(
        Event, blank=True, related_name="program_stages", verbose_name=_("events")
    )
    # Modules (seeds 002, 003): hours split in person / self-study; a variative module is
    # chosen by each intern, an invariant one is for everybody.
    hours_in_person = models.DecimalField(
        _("hours in person"), max_digits=5, decimal_places=1, default=0
    )
    hours_self_study = models.DecimalField(
        _("hours of self-study"), max_digits=5, decimal_places=1, default=0
    )
    variative = models.BooleanField(_("variative (chosen by the intern)"), default=False)
    # Seed 000's regulation of presentations in this stage's sessions, in minutes.
    talk_minutes = models.PositiveSmallIntegerField(_("minutes per talk"), null=True, blank=True)
    questions_minutes = models.PositiveSmallIntegerField(
        _("minutes of questions"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["program", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Assignment(models.Model):
    """A task given to teams or to each intern (задание)."""

    class Kind(models.TextChoices):
        EVENT_CARD = "event_card", _("design of an event (the event card)")
        VIDEO = "video", _("video of the event held")
        FREE = "free", _("free-form product")

    class Scope(models.TextChoices):
        TEAM = "team", _("one per team")
        PERSON = "person", _("one per intern")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(_("title"), max_length=300)
    instructions = models.TextField(_("instructions"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FREE)
    scope = models.CharField(_("who hands in"), max_length=10, choices=Scope.choices)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["stage__order", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class CompletionRule(models.Model):
    """A condition every intern must meet to complete the programme."""

    class Kind(models.TextChoices):
        EVENTS_ATTENDED = "events_attended", _("attended at least N of the programme's events")
        TEAM_PRODUCT_ACCEPTED = "team_product", _("the team's product is accepted")
        VIDEO_UPLOADED = "video", _("the video of the event held is handed in")
        QUESTIONNAIRE_ANSWERED = "questionnaire", _("the reflection questionnaire is answered")
        PLAN_DONE = "plan_done", _("every step of the individual plan is done")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("condition"), max_length=30, choices=Kind.choices)
    count = models.PositiveSmallIntegerField(_("how many"), null=True, blank=True)
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    questionnaire_id = models.PositiveIntegerField(null=True, blank=True)  # surveys.Questionnaire

    class Meta:
        verbose_name = _("completion rule")
        verbose_name_plural = _("completion rules")
        ordering = ["program", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class ModuleChoice(models.Model):
    """An intern's choice of a variative module (seed 003)."""

    member = models.ForeignKey(ProgramMember, on_delete=models.CASCADE, related_name="modules")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="choices")
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("module choice")
        verbose_name_plural = _("module choices")
        constraints = [
            models.UniqueConstraint(fields=["member", "stage"], name="module_choice_once")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.stage}"
