"""The moderators' pages: what waits for them, the decision, withdrawal, complaints."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions, selectors, services
from ..forms import ModerationForm, ReasonForm, ResolutionForm
from .materials import refused_form


@login_required
def queue(request: AuthenticatedRequest) -> HttpResponse:
    """Materials waiting for this moderator, the oldest first, and open complaints."""
    if not permissions.is_moderator(request.user):
        raise PermissionDenied
    waiting = (
        permissions.moderation_queue(request.user)
        .select_related("organization", "created_by")
        .order_by("updated_at", "pk")
    )
    published = permissions.moderated_materials(request.user).filter(
        status=permissions.Status.PUBLISHED
    )
    complaints = list(selectors.open_complaints(published)[:100])
    return render(
        request,
        "library/moderation.html",
        {
            "waiting": list(waiting[:200]),
            "complaints": complaints,
            "resolution_form": ResolutionForm(),
            "tab": "moderation",
        },
    )


@login_required
@require_POST
def take(request: AuthenticatedRequest, material_id: int) -> HttpResponse:
    material = permissions.material_for_moderator(viewer=request.user, pk=material_id)
    try:
        services.material_take(material=material, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("library:material", material_id=material.pk)


@login_required
@require_POST
def decide(request: AuthenticatedRequest, material_id: int) -> HttpResponse:
    """Publish, or return to the author with what to change."""
    material = permissions.material_for_moderator(viewer=request.user, pk=material_id)
    form = ModerationForm(request.POST)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if form.cleaned_data["decision"] == "publish":
                services.material_publish(material=material, by=request.user, comment=comment)
                messages.success(request, _("The material is published."))
            else:
                services.material_return(material=material, by=request.user, comment=comment)
                messages.success(request, _("The material is returned to its author."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("library:material", material_id=material.pk)
    return refused_form(request, material, moderation_form=form)


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, material_id: int) -> HttpResponse:
    material = permissions.material_for_moderator(viewer=request.user, pk=material_id)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.material_withdraw(
                material=material, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The material is withdrawn."))
        return redirect("library:material", material_id=material.pk)
    return refused_form(request, material, withdraw_form=form)


@login_required
@require_POST
def complaint_resolve(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    complaint = permissions.complaint_for_moderator(viewer=request.user, pk=complaint_id)
    form = ResolutionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what was done."))
        return redirect("library:moderation")
    resolution = form.cleaned_data["resolution"]
    try:
        if form.cleaned_data["withdraw"] and complaint.material.is_published:
            services.material_withdraw(
                material=complaint.material, by=request.user, reason=resolution
            )
        services.complaint_resolve(complaint=complaint, by=request.user, resolution=resolution)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The complaint is dealt with."))
    return redirect("library:moderation")
