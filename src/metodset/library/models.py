"""The library of methodical materials and their collections (кейсы).

This is the seed of the library capability: materials with a file or a link, and curated
collections such as an internship's final case or the network's case «Образование без
границ». Search, moderation and versions come with the library issue.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network, Organization


class Material(models.Model):
    """A methodical material: recommendations, a presentation, a lesson plan, a video..."""

    class Kind(models.TextChoices):
        RECOMMENDATIONS = "recommendations", _("methodical recommendations")
        PRESENTATION = "presentation", _("presentation")
        LESSON_PLAN = "lesson_plan", _("lesson or activity plan")
        TECH_MAP = "tech_map", _("technological map")
        VIDEO = "video", _("video")
        PROGRAM = "program", _("programme")
        ARTICLE = "article", _("article")
        NOTES = "notes", _("notes")
        LINK = "link", _("useful link")
        COLLECTION = "collection", _("collection or collective product")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("file"), upload_to="library/%Y/%m/", blank=True)
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
    competencies = models.CharField(
        _("competencies it develops"), max_length=500, blank=True, help_text=_("Comma-separated.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Collection(models.Model):
    """A curated set of materials (кейс): a programme's final case, a network's case."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("everyone")
        NETWORK = "network", _("members of the network")
        ORGANIZATION = "organization", _("members of the organisation")
        OWNERS = "owners", _("those who gather it (and where it is shared)")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collections",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collections",
    )
    visibility = models.CharField(
        _("who sees it"), max_length=20, choices=Visibility.choices, default=Visibility.OWNERS
    )
    materials = models.ManyToManyField(
        Material, through="CollectionItem", related_name="collections", verbose_name=_("materials")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveIntegerField(default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("collection item")
        verbose_name_plural = _("collection items")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "material"], name="collection_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.collection}: {self.material}"
