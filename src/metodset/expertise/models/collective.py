"""The collective product (коллективный инновационный продукт, seed 002): accepted works merged.

Decisions a methodist will ask about:
- A collective product gathers the works an expertise campaign recommended (items with the
  decision «рекомендовано»), in an order the coordinator sets, under an introduction: a regional
  model, a methodical collection. Items recommended later are added at the end when the
  coordinator refreshes the parts.
- Compiling makes a new version (a PDF with a title page, contents, parts and authors); every
  version is kept, so what was published stays what it was.
- Publishing puts the current version into the library as a material, and into the final case
  of the campaign's programme when it has one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .campaigns import Campaign, Item


class CollectiveProduct(models.Model):
    """A document compiled from a campaign's recommended works."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="collective_products"
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind of document"),
        max_length=200,
        blank=True,
        help_text=_("Printed on the title page; empty prints «Collective innovative product»."),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    editors = models.CharField(_("compiled by"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    material = models.ForeignKey(
        "library.Material",
        verbose_name=_("library material"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("collective product")
        verbose_name_plural = _("collective products")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class CollectivePart(models.Model):
    """A recommended work as a part of a collective product, in its place."""

    product = models.ForeignKey(CollectiveProduct, on_delete=models.CASCADE, related_name="parts")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        ordering = ["product", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "item"], name="collective_part_once")
        ]

    def __str__(self) -> str:
        return f"{self.product}: {self.item}"


class CollectiveVersion(models.Model):
    """One compiled version of a collective product; every version is kept."""

    product = models.ForeignKey(
        CollectiveProduct, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("PDF"), upload_to="expertise/collective/%Y/%m/")
    parts = models.PositiveIntegerField(_("parts"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("compiled"), default=timezone.now)

    class Meta:
        verbose_name = _("collective product version")
        verbose_name_plural = _("collective product versions")
        ordering = ["product", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["product", "number"], name="collective_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.product} v{self.number}"
