"""Applications to a programme from its invitation page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Organization
from metodset.accounts.timezones import RUSSIAN_TIME_ZONES

from .programs import Program


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
