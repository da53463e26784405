"""Programmes: digital internships, internship-site programmes, informal network internships.

A programme has ordered stages with their events and assignments, a public invitation page,
applications, members in roles (coordinators, tutors, interns), teams with a tutor each,
submissions in versions with the tutor's comments, live presentation sessions with a time
regulation, a final case of materials and completion rules.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network, Organization
from metodset.accounts.timezones import RUSSIAN_TIME_ZONES
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


class Application(models.Model):
    """A request to join a programme (заявка); the applicant's data as they gave it."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", _("accepted")
        WAITLISTED = "waitlisted", _("waiting list")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="applications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    email = models.EmailField(_("e-mail"))
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    middle_name = models.CharField(_("patronymic"), max_length=100, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organization_name = models.CharField(_("organisation as typed"), max_length=500, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=200)
    # Chosen on the form or guessed from the city; the account made on acceptance takes it.
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=RUSSIAN_TIME_ZONES, blank=True
    )
    motivation = models.TextField(_("why I want to take part"), blank=True)
    together_with = models.CharField(
        _("colleagues to work with in one team"),
        max_length=500,
        blank=True,
        help_text=_("Their e-mails; team formation keeps you together if they are accepted too."),
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "email"], name="application_once")
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.program}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    def get_short_name(self) -> str:
        """Имя Отчество, for «Уважаемая Мария Петровна» (accounts.names.greeting)."""
        return " ".join(p for p in (self.first_name, self.middle_name) if p) or self.email

    @property
    def organization_label(self) -> str:
        return self.organization.short_name if self.organization else self.organization_name


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


class PlanStep(models.Model):
    """A step of the individual internship plan (seed 002: six steps from order to defence)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="plan_steps")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("step"), max_length=300)
    description = models.TextField(_("what to do"), blank=True)

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["program", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class PlanProgress(models.Model):
    """A trainee's mark on a step of the plan, with evidence."""

    step = models.ForeignKey(PlanStep, on_delete=models.CASCADE, related_name="progress")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_progress"
    )
    done_at = models.DateTimeField(_("done"), default=timezone.now)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="programs/evidence/%Y/%m/", blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("plan progress")
        verbose_name_plural = _("plan progress")
        constraints = [models.UniqueConstraint(fields=["step", "user"], name="plan_progress_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.step}"


class CalendarEntry(models.Model):
    """A row of the training calendar (seed 002): month, topic, content, leaders."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="calendar")
    month = models.DateField(_("month"))  # the first day of the month
    topic = models.CharField(_("topic"), max_length=500)
    content = models.TextField(_("content"), blank=True)
    leaders = models.CharField(_("leaders"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("training calendar entry")
        verbose_name_plural = _("training calendar")
        ordering = ["program", "month", "pk"]

    def __str__(self) -> str:
        return self.topic


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
