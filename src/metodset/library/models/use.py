"""What happens to a published material: marks of use, «Хочу научиться» requests to the
author of a quantum of practice, complaints, and the organisations' adopted local acts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Organization

from .materials import Material


class MaterialUse(models.Model):
    """«Использовал(а) на занятии»: a teacher says she used the material, with a short note."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="uses")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_uses"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("how it went"), max_length=500, blank=True)
    used_on = models.DateField(_("when"), default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("use of a material")
        verbose_name_plural = _("uses of materials")
        ordering = ["-used_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.material} — {self.person}"


class LearnRequest(models.Model):
    """«Хочу научиться»: a colleague asks the author of a quantum of practice to show it."""

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for an answer")
        AGREED = "agreed", _("agreed")
        DECLINED = "declined", _("declined")

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="learn_requests")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_learn_requests"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to learn a practice")
        verbose_name_plural = _("requests to learn a practice")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["material", "person"],
                condition=models.Q(status="open"),
                name="one_open_learn_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.material}"


class Complaint(models.Model):
    """A reader's complaint about a published material, for the network's methodists."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="complaints")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("what is wrong"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resolution = models.TextField(_("what was done"), blank=True)

    class Meta:
        verbose_name = _("complaint about a material")
        verbose_name_plural = _("complaints about materials")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.material}: {self.text[:40]}"


class AdoptedAct(models.Model):
    """An organisation's own local act adopted after a model one: the order's number and date."""

    model = models.ForeignKey(
        Material,
        verbose_name=_("model act"),
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    order_number = models.CharField(_("order number"), max_length=50)
    order_date = models.DateField(_("order date"))
    file = models.FileField(_("file"), upload_to="library/acts/%Y/", blank=True, max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("adopted local act")
        verbose_name_plural = _("adopted local acts")
        ordering = ["-order_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} (№ {self.order_number})"
