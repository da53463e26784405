"""Collections (кейсы): the network's e-case «Образование без границ», a programme's final
case, a community's products and a teacher's own shelf — ordered, described, each with a page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network, Organization

from .materials import Material


class Collection(models.Model):
    """A curated set of materials (кейс): a programme's final case, a network's case."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("everyone")
        NETWORK = "network", _("members of the network")
        ORGANIZATION = "organization", _("members of the organisation")
        OWNERS = "owners", _("those who gather it (and where it is shared)")

    class Kind(models.TextChoices):
        CASE = "case", _("the network's case")
        FINAL_CASE = "final_case", _("a programme's final case")
        COMMUNITY = "community", _("a community's products")
        SHELF = "shelf", _("a teacher's shelf")
        OTHER = "other", _("a collection")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("whose shelf"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="library_shelves",
    )
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
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=models.Q(kind="shelf"), name="one_shelf_a_person"
            )
        ]

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
