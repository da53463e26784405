"""Events: webinars, seminars, master-classes and the rest; registrations and attendance."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network, Organization
from metodset.accounts.timezones import DEFAULT_TIME_ZONE, RUSSIAN_TIME_ZONES

# "Войти" shows from a quarter of an hour before the start to the end; check-in a little longer.
JOIN_OPENS_BEFORE = timedelta(minutes=15)
CHECK_IN_CLOSES_AFTER = timedelta(minutes=30)


def _check_in_code() -> str:
    """Six digits the organiser shows on screen; participants type them to check in."""
    return f"{secrets.randbelow(10**6):06d}"


def _meeting_secret() -> str:
    return secrets.token_hex(16)


class EventSeries(models.Model):
    """A recurring event: e.g. every Thursday at 15:00 during the school year, with exceptions.

    The occurrences are ordinary ``Event`` rows (each with its own registrations and
    attendance); the series keeps the rule they were made from.
    """

    title = models.CharField(_("title"), max_length=300)
    weekday = models.PositiveSmallIntegerField(_("weekday"))  # 0 = Monday
    start_time = models.TimeField(_("start time"))
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=RUSSIAN_TIME_ZONES, default=DEFAULT_TIME_ZONE
    )
    first_date = models.DateField(_("from"))
    last_date = models.DateField(_("to"))
    interval_weeks = models.PositiveSmallIntegerField(_("every N weeks"), default=1)
    exceptions = models.JSONField(_("dates without a meeting"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    """One event of the catalogue (мероприятие)."""

    class Kind(models.TextChoices):
        WEBINAR = "webinar", _("webinar")
        SEMINAR = "seminar", _("seminar")
        MASTER_CLASS = "master_class", _("master-class")
        CONFERENCE = "conference", _("conference")
        CONSULTATION = "consultation", _("consultation")
        # A session of an интернатура (digital or network); of a стажировка, the next kind.
        INTERNSHIP_SESSION = "internship_session", _("internship session")
        TRAINEESHIP_SESSION = "traineeship_session", _("internship-site session")
        COMMUNITY_MEETING = "community_meeting", _("community meeting")
        OPEN_LESSON = "open_lesson", _("open lesson")

    class Format(models.TextChoices):
        ONLINE = "online", _("online")
        OFFLINE = "offline", _("in person")
        HYBRID = "hybrid", _("hybrid")

    class Provider(models.TextChoices):
        NONE = "", _("no online meeting")
        LINK = "link", _("a link (Яндекс Телемост, VK Звонки, Сферум, Zoom…)")
        JITSI = "jitsi", _("Jitsi room")
        BBB = "bbb", _("BigBlueButton")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("everyone, in the public catalogue")
        NETWORK = "network", _("members of the network")
        ORGANIZATION = "organization", _("members of the organising organisation")

    class Audience(models.TextChoices):
        ALL = "all", _("all teachers")
        PRESCHOOL = "preschool", _("preschool teachers")
        PRIMARY = "primary", _("primary school teachers")
        SUBJECT = "subject", _("subject teachers")
        SPECIALISTS = "specialists", _("psychologists, speech therapists and other specialists")
        YOUNG = "young", _("young teachers")
        MANAGERS = "managers", _("managers and methodists")
        PARENTS = "parents", _("parents")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    visibility = models.CharField(
        _("who sees it"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    starts_at = models.DateTimeField(_("starts"))  # UTC
    duration_minutes = models.PositiveIntegerField(_("duration, minutes"), default=90)
    time_zone = models.CharField(
        _("organiser's time zone"),
        max_length=40,
        choices=RUSSIAN_TIME_ZONES,
        default=DEFAULT_TIME_ZONE,
        help_text=_("The zone the organiser thinks in; everyone sees times in their own zone."),
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    provider = models.CharField(
        _("online meeting"), max_length=10, choices=Provider.choices, blank=True, default=""
    )
    meeting_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    # Jitsi: the room name; BigBlueButton: the meetingID. Generated by the platform.
    meeting_room = models.CharField(_("meeting room"), max_length=100, blank=True)
    meeting_secret = models.CharField(max_length=32, default=_meeting_secret, editable=False)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours of professional development"), max_digits=5, decimal_places=1, default=0
    )
    audience = models.CharField(
        _("target audience"), max_length=20, choices=Audience.choices, default=Audience.ALL
    )
    competencies = models.CharField(
        _("competencies it develops"), max_length=500, blank=True, help_text=_("Comma-separated.")
    )
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)
    check_in_code = models.CharField(_("check-in code"), max_length=6, default=_check_in_code)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    # Bumped when the time or place changes, so that calendar programs update their copy.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "visibility", "starts_at"]),
            models.Index(fields=["organizer", "starts_at"]),
            models.Index(fields=["network", "starts_at"]),
            models.Index(fields=["kind", "starts_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return self.format != self.Format.OFFLINE and bool(self.provider)

    def is_past(self, now: datetime | None = None) -> bool:
        return self.ends_at < (now or timezone.now())

    def join_is_open(self, now: datetime | None = None) -> bool:
        """Whether "Войти" shows: from 15 minutes before the start to the end."""
        now = now or timezone.now()
        return self.starts_at - JOIN_OPENS_BEFORE <= now <= self.ends_at

    def check_in_is_open(self, now: datetime | None = None) -> bool:
        """From the start (not when the room opens: attendance is for the event itself) to
        half an hour after the end."""
        now = now or timezone.now()
        return self.starts_at <= now <= self.ends_at + CHECK_IN_CLOSES_AFTER

    def registration_closes(self) -> datetime:
        """Registration closes at the given moment, or else when the event starts."""
        return self.registration_closes_at or self.starts_at

    def registration_is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return now < self.registration_closes()

    @property
    def places_free(self) -> int | None:
        """Free places; needs the ``registered_count`` annotation (selectors.with_counts)."""
        if self.capacity is None:
            return None
        # Annotated by selectors.with_counts; declaring it on the model would clash with that
        # annotate() under the django-stubs plugin.
        return max(self.capacity - self.registered_count, 0)  # type: ignore[attr-defined]

    def competency_list(self) -> list[str]:
        return [c.strip() for c in self.competencies.split(",") if c.strip()]


class Registration(models.Model):
    """A person's place at an event, or in its waiting list (регистрация, лист ожидания)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    waitlisted_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_once_per_event")
        ]
        indexes = [
            models.Index(fields=["event", "status", "waitlisted_at"]),
            models.Index(fields=["user", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.event}"


class EventMaterial(models.Model):
    """A presentation, handout or link attached to an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="events/materials/%Y/%m/", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ReminderDelivery(models.Model):
    """A reminder that was sent: the unique row makes each reminder go out exactly once."""

    class Kind(models.TextChoices):
        DAY_BEFORE = "24h", _("24 hours before")
        HOUR_BEFORE = "1h", _("1 hour before")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=3, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    email = models.ForeignKey(
        "core.OutgoingEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.registration} — {self.kind}"


class CalendarToken(models.Model):
    """The secret in a person's personal ICS feed URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"{self.user}"
