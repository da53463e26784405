"""People, organisations, networks and the roles that tie them together."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .timezones import DEFAULT_TIME_ZONE, RUSSIAN_TIME_ZONES


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("The e-mail must be set")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: teacher, methodist, tutor, expert, coordinator. Logs in by e-mail."""

    email = models.EmailField(_("e-mail"), unique=True)
    last_name = models.CharField(_("last name"), max_length=100)  # фамилия
    first_name = models.CharField(_("first name"), max_length=100)  # имя
    middle_name = models.CharField(_("patronymic"), max_length=100, blank=True)  # отчество
    position = models.CharField(_("position"), max_length=200, blank=True)
    specialisation = models.CharField(_("specialisation"), max_length=200, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("teaching experience, years"), null=True, blank=True
    )
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=RUSSIAN_TIME_ZONES, default=DEFAULT_TIME_ZONE
    )
    # Asked only because registries of certificates (ФИС ФРДО) need it; optional.
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    consent_given_at = models.DateTimeField(
        _("consent to personal-data processing given"), null=True, blank=True
    )
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    deletion_requested_at = models.DateTimeField(_("deletion requested"), null=True, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["last_name", "first_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "middle_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        """Фамилия Имя Отчество."""
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    def get_short_name(self) -> str:
        """Имя Отчество, as in a Russian address."""
        return " ".join(p for p in (self.first_name, self.middle_name) if p) or self.email

    @property
    def initials_name(self) -> str:
        """Иванова М. П."""
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.middle_name) if p)
        return f"{self.last_name} {initials}".strip()


class Region(models.Model):
    """A subject of the Russian Federation (регион)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(_("code"), max_length=3, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=RUSSIAN_TIME_ZONES, default=DEFAULT_TIME_ZONE
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """An educational organisation: school, kindergarten, college, methodical centre, institute."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("school")
        KINDERGARTEN = "kindergarten", _("kindergarten")
        COLLEGE = "college", _("college")
        METHODICAL_CENTRE = "methodical_centre", _("methodical centre")
        INSTITUTE = "institute", _("institute of teacher training")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200)
    inn = models.CharField(_("INN"), max_length=12, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="organizations"
    )
    city = models.CharField(_("city"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["short_name"]
        indexes = [models.Index(fields=["region", "kind"]), models.Index(fields=["short_name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["inn"], condition=~Q(inn=""), name="organization_unique_inn"
            ),
            models.UniqueConstraint(fields=["name", "region"], name="organization_unique_name"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def time_zone(self) -> str:
        return self.region.time_zone


class Network(models.Model):
    """A methodical network of partner organisations, governed by a coordination council."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    description = models.TextField(_("description"), blank=True)
    lead_organization = models.ForeignKey(
        Organization,
        verbose_name=_("lead organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_networks",
    )
    partners = models.ManyToManyField(
        Organization,
        through="NetworkPartner",
        related_name="networks",
        verbose_name=_("partner organisations"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkPartner(models.Model):
    """An organisation's participation in a network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="partnerships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="partnerships"
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("network partner")
        verbose_name_plural = _("network partners")
        constraints = [
            models.UniqueConstraint(fields=["network", "organization"], name="network_partner_once")
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.network}"


class Membership(models.Model):
    """A person's role in an organisation or a network."""

    class Role(models.TextChoices):
        NETWORK_COORDINATOR = "coordinator", _("network coordinator")
        COUNCIL_MEMBER = "council", _("coordination council member")
        EXPERT = "expert", _("expert")
        MANAGER = "manager", _("manager")
        METHODIST = "methodist", _("methodist / deputy head")
        TEACHER = "teacher", _("teacher")

    NETWORK_ROLES = frozenset({Role.NETWORK_COORDINATOR, Role.COUNCIL_MEMBER, Role.EXPERT})
    ORGANIZATION_ROLES = frozenset({Role.MANAGER, Role.METHODIST, Role.TEACHER, Role.EXPERT})

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False, network__isnull=True)
                | Q(organization__isnull=True, network__isnull=False),
                name="membership_in_organization_or_network",
            ),
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=Q(organization__isnull=False),
                name="membership_once_per_organization",
            ),
            models.UniqueConstraint(
                fields=["user", "network", "role"],
                condition=Q(network__isnull=False),
                name="membership_once_per_network",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "role"]),
            models.Index(fields=["network", "role"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization or self.network}"


class MembershipInvitation(models.Model):
    """An invitation of a person already on the platform to an organisation (приглашение).

    A ``Membership`` is always one the person has: an existing account joins another
    organisation only when she accepts, so nobody gains her by knowing her e-mail.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("invitation", "waiting for an answer")
        ACCEPTED = "accepted", pgettext_lazy("invitation", "accepted")
        DECLINED = "declined", pgettext_lazy("invitation", "declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="membership_invitations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="membership_invitations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to an organisation")
        verbose_name_plural = _("invitations to organisations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=Q(status="pending"),
                name="membership_invitation_pending_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"


class ApiToken(models.Model):
    """A personal token for the JSON API; only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AuditEntry(models.Model):
    """Who changed which person or organisation, and when (журнал изменений)."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=40)
    target_type = models.CharField(_("object type"), max_length=40)
    target_id = models.CharField(_("object id"), max_length=40)
    target_repr = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_repr}"


def _import_upload_path(batch: ImportBatch, filename: str) -> str:
    # A random name: the uploaded file name may carry personal data or odd characters.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class ImportBatch(models.Model):
    """An uploaded spreadsheet of people or organisations: checked, previewed, confirmed.

    The file is kept between the preview and the confirmation only; the report stays.
    """

    class Kind(models.TextChoices):
        PEOPLE = "people", _("people")
        ORGANIZATIONS = "organizations", _("organisations")

    class Status(models.TextChoices):
        CHECKING = "checking", _("checking")
        PREVIEWED = "previewed", _("ready to import")
        IMPORTING = "importing", _("importing")
        IMPORTED = "imported", _("imported")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("what is imported"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CHECKING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_batches",
    )
    file = models.FileField(_("file"), upload_to=_import_upload_path, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("default organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network the organisations join"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, default="ru")
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"
