"""Certificates: issuers' details and templates, certificates with unique numbers, batches.

A certificate is a snapshot: the recipient's name, the programme or event, hours and dates
are copied when it is issued, so a later rename or an edited programme never changes a
document already handed out. It is corrected only by re-issue (the old one marked replaced).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Organization
from metodset.events.models import Event
from metodset.programs.models import Program

DEFAULT_NUMBER_PATTERN = "МС-{year}-{seq:06}"


class Kind(models.TextChoices):
    """Kinds of document. Only a licensed issuer may choose the удостоверение."""

    QUALIFICATION = "qualification", _("certificate of professional development (legal)")
    DEVELOPMENT = "development", _("certificate of professional development")
    PARTICIPATION = "participation", _("certificate of participation")
    DIPLOMA = "diploma", _("contest diploma")
    THANKS = "thanks", _("letter of thanks")


class Issuer(models.Model):
    """An organisation's details as printed on its certificates (выдающая организация)."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        related_name="issuer",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name as printed"), max_length=500)
    city = models.CharField(_("place of issue"), max_length=200, blank=True)
    logo = models.FileField(_("logo"), upload_to="certificates/logos/", blank=True)
    number_pattern = models.CharField(
        _("number pattern"),
        max_length=60,
        default=DEFAULT_NUMBER_PATTERN,
        help_text=_("{year} is the year of issue, {seq:06} the sequence number with six digits."),
    )
    license_number = models.CharField(
        _("educational licence number"),
        max_length=100,
        blank=True,
        help_text=_("Only a licensed organisation may issue legal certificates (удостоверения)."),
    )
    license_issued_on = models.DateField(_("licence issued on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("issuer")
        verbose_name_plural = _("issuers")

    def __str__(self) -> str:
        return self.name

    @property
    def licensed(self) -> bool:
        return bool(self.license_number.strip())


class Signatory(models.Model):
    """A person who signs the issuer's certificates, with a facsimile image."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="signatories")
    full_name = models.CharField(
        _("name as signed"), max_length=200, help_text=_("E.g. И. П. Смирнова.")
    )
    position = models.CharField(_("position"), max_length=300)
    facsimile = models.FileField(_("facsimile"), upload_to="certificates/facsimiles/", blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.position} {self.full_name}"


class NumberSequence(models.Model):
    """The last registration number given by an issuer in a year."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="one_sequence_per_issuer_year")
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.year}: {self.last}"


class CertificateTemplate(models.Model):
    """A certificate's design in Typst, with the heading and text an organiser edits."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="templates")
    kind = models.CharField(_("kind of document"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    heading = models.CharField(_("heading"), max_length=200)
    subheading = models.CharField(_("subheading"), max_length=200, blank=True)
    lead = models.CharField(_("words before the name"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    source = models.TextField(_("design (Typst)"))
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["kind", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class CertificateBatch(models.Model):
    """One issue of certificates to a list of people, run in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("issuing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="batches")
    template = models.ForeignKey(
        CertificateTemplate, on_delete=models.PROTECT, related_name="batches"
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="certificate_batches"
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="certificate_batches"
    )
    title = models.CharField(_("programme or event"), max_length=500)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, default=0)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    issued_on = models.DateField(_("date of issue"), default=timezone.localdate)
    recipient_ids = models.JSONField(default=list)
    send_email = models.BooleanField(_("send by e-mail"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    issued = models.PositiveIntegerField(_("issued"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The run's lease: the worker running it (core.worker's id, "" outside a worker) and when
    # it last committed a chunk. Another run may take the batch over only when that worker is
    # found dead or the progress has stood still for services.stalled_after().
    claimed_by = models.CharField(max_length=100, blank=True)
    progressed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("batch of certificates")
        verbose_name_plural = _("batches of certificates")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def total(self) -> int:
        return len(self.recipient_ids)

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * (self.issued + self.skipped) / self.total)


def _new_code() -> str:
    # 120 random bits: unguessable, and short enough for a small QR code.
    return secrets.token_urlsafe(15)


class Certificate(models.Model):
    """An issued certificate (сертификат, удостоверение, диплом, благодарственное письмо)."""

    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        REVOKED = "revoked", _("revoked")
        REPLACED = "replaced", _("replaced")

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="certificates")
    kind = models.CharField(_("kind of document"), max_length=20, choices=Kind.choices)
    template = models.ForeignKey(
        CertificateTemplate, on_delete=models.SET_NULL, null=True, related_name="certificates"
    )
    batch = models.ForeignKey(
        CertificateBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
        verbose_name=_("recipient"),
    )
    # The recipient as issued: the document keeps this even if the profile changes.
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    middle_name = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    workplace = models.CharField(_("place of work"), max_length=500, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    program = models.ForeignKey(
        Program, on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates"
    )
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates"
    )
    title = models.CharField(_("programme or event"), max_length=500)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, default=0)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    issuer_name = models.CharField(_("issuer"), max_length=500)
    number = models.CharField(_("registration number"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField()
    issued_on = models.DateField(_("date of issue"))
    code = models.CharField(_("verification code"), max_length=32, unique=True, default=_new_code)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.VALID
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replaced_by = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces"
    )
    pdf = models.FileField(_("PDF"), upload_to="certificates/", blank=True, max_length=200)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-sequence", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number"], name="number_unique_per_issuer"),
            models.UniqueConstraint(
                fields=["issuer", "year", "sequence"], name="sequence_unique_per_issuer_year"
            ),
            # Never twice for the same programme or event: a revoked one still counts,
            # a replaced one does not (its re-issue is the live one).
            models.UniqueConstraint(
                fields=["program", "user", "kind"],
                condition=Q(program__isnull=False, user__isnull=False) & ~Q(status="replaced"),
                name="one_certificate_per_program",
            ),
            models.UniqueConstraint(
                fields=["event", "user", "kind"],
                condition=Q(event__isnull=False, user__isnull=False) & ~Q(status="replaced"),
                name="one_certificate_per_event",
            ),
        ]
        indexes = [
            models.Index(fields=["issuer", "issued_on"]),
            models.Index(fields=["last_name", "first_name"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.full_name}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID
