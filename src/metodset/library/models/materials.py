"""Materials, their versions and their way through moderation.

A material's ``file`` and ``url`` are those of its current version; every version, the first
included, is kept as a :class:`MaterialVersion` with what changed. A material is seen beyond
its author only once published, and then as far as its ``visibility`` says (its organisation,
its network, everyone): ``library.permissions.visible_materials`` is the one rule.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from metodset.accounts.models import Network, Organization
from metodset.diagnostics.models import Competency


class Audience(models.TextChoices):
    """Levels of education a material is for (ФГОС and the law «Об образовании»)."""

    DOO = "doo", _("preschool (ДОО)")
    NOO = "noo", _("primary school (НОО)")
    OOO = "ooo", _("basic school (ООО)")
    SOO = "soo", _("secondary school (СОО)")
    SPO = "spo", _("vocational (СПО)")
    DPO = "dpo", _("further professional (ДПО)")


class Licence(models.TextChoices):
    """All rights reserved unless the author chooses a Creative Commons licence."""

    RESERVED = "reserved", _("all rights reserved")
    CC_BY = "cc-by", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa", "CC BY-SA 4.0"
    CC_BY_NC = "cc-by-nc", "CC BY-NC 4.0"
    CC_BY_NC_SA = "cc-by-nc-sa", "CC BY-NC-SA 4.0"
    CC_BY_ND = "cc-by-nd", "CC BY-ND 4.0"
    CC_BY_NC_ND = "cc-by-nc-nd", "CC BY-NC-ND 4.0"
    CC0 = "cc0", _("CC0 (public domain)")


class Material(models.Model):
    """A methodical material: a development, a lesson plan, a video, a quantum of practice..."""

    class Kind(models.TextChoices):
        DEVELOPMENT = "development", _("methodical development")
        LESSON_PLAN = "lesson_plan", _("lesson or activity plan")
        TECH_MAP = "tech_map", _("technological map")
        SCENARIO = "scenario", _("scenario")
        PRESENTATION = "presentation", _("presentation")
        VIDEO = "video", _("video")
        PROGRAM = "program", _("programme")
        ARTICLE = "article", _("article")
        RECOMMENDATIONS = "recommendations", _("methodical recommendations")
        QUANTUM = "quantum", _("quantum of practice")
        ACT_REGULATION = "act_regulation", _("model local act: regulation (положение)")
        ACT_ORDER = "act_order", _("model local act: order (приказ)")
        ACT_PROCEDURE = "act_procedure", _("model local act: procedure (регламент)")
        NOTES = "notes", _("notes")
        LINK = "link", _("useful link")
        COLLECTION = "collection", _("collection or collective product")

    ACT_KINDS = (Kind.ACT_REGULATION, Kind.ACT_ORDER, Kind.ACT_PROCEDURE)

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for moderation")
        UNDER_REVIEW = "under_review", _("under review")
        RETURNED = "returned", _("returned for revision")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Visibility(models.TextChoices):
        ORGANIZATION = "organization", _("my organisation")
        NETWORK = "network", _("the network")
        PUBLIC = "public", pgettext_lazy("visibility", "everyone")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("annotation"), blank=True)
    file = models.FileField(_("file"), upload_to="library/%Y/%m/", blank=True, max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
    )
    competencies = models.ManyToManyField(
        Competency, verbose_name=_("competencies it develops"), blank=True, related_name="+"
    )
    audiences = models.CharField(
        _("levels of education"),
        max_length=60,
        blank=True,
        help_text=_("Codes between commas, e.g. «,noo,ooo,»: filtered and counted in SQL."),
    )
    subjects = models.CharField(_("subjects and educational areas"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.RESERVED
    )
    visibility = models.CharField(
        _("who sees it"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.ORGANIZATION,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # A quantum of practice (seed 003): what it gives and how long it takes to show.
    result = models.TextField(_("the result for children or colleagues"), blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes to show it"), null=True, blank=True)
    body_text = models.TextField(_("text of the file"), blank=True, editable=False)
    views_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    downloads_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["status", "visibility", "-published_at"], name="material_catalogue"
            ),
            models.Index(fields=["kind", "status"], name="material_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_codes(self) -> list[str]:
        return [code for code in self.audiences.split(",") if code]

    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels[code]) for code in self.audience_codes if code in labels]

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_act(self) -> bool:
        return self.kind in self.ACT_KINDS


class MaterialVersion(models.Model):
    """One version of a material's file or link, with what changed since the one before."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to="library/%Y/%m/", blank=True, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    url = models.URLField(_("link"), max_length=500, blank=True)
    changes = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("version of a material")
        verbose_name_plural = _("versions of materials")
        ordering = ["material", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["material", "number"], name="material_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.material} — {self.number}"


class ModerationEntry(models.Model):
    """A step of a material's way: submitted, taken, returned with a comment, published..."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for moderation")
        TAKEN = "taken", _("taken for review")
        RETURNED = "returned", _("returned for revision")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="moderation")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation step")
        verbose_name_plural = _("moderation steps")
        ordering = ["material", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.material}: {self.get_action_display()}"
