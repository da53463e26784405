"""What a reader does with a published material: her shelf, «использовал(а)», «Хочу
научиться», and the author's answer to such a request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts import permissions as account_permissions
from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.models import Organization
from metodset.core.redirects import safe_next

from .. import permissions, selectors, services
from ..forms import LearnAnswerForm, LearnRequestForm, UseForm
from .materials import refused_form


@login_required
def shelf(request: AuthenticatedRequest) -> HttpResponse:
    items = selectors.shelf_items(request.user).filter(
        material__in=permissions.visible_materials(request.user)
    )
    return render(request, "library/shelf.html", {"items": list(items), "tab": "shelf"})


@login_required
@require_POST
def shelf_toggle(request: AuthenticatedRequest, material_id: int) -> HttpResponse:
    material = permissions.material_for_viewer(viewer=request.user, pk=material_id)
    if selectors.on_shelf(person=request.user, material=material):
        services.shelf_remove(person=request.user, material=material)
        messages.success(request, _("Removed from your shelf."))
    else:
        services.shelf_add(person=request.user, material=material)
        messages.success(request, _("Saved to your shelf."))
    return redirect(safe_next(request, reverse("library:material", args=[material.pk])))


@login_required
@require_POST
def use(request: AuthenticatedRequest, material_id: int) -> HttpResponse:
    material = permissions.material_for_reader(viewer=request.user, pk=material_id)
    form = UseForm(request.POST)
    if form.is_valid():
        org_ids = account_permissions.organization_ids(request.user)
        organization = Organization.objects.filter(pk__in=org_ids).order_by("pk").first()
        try:
            services.use_mark(
                material=material,
                by=request.user,
                note=form.cleaned_data["note"],
                used_on=form.cleaned_data["used_on"],
                organization=organization,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Thank you: the author will see that the material is used.")
            )
            return redirect("library:material", material_id=material.pk)
    return refused_form(request, material, use_form=form)


@login_required
@require_POST
def learn(request: AuthenticatedRequest, material_id: int) -> HttpResponse:
    """«Хочу научиться»: ask the author of a quantum of practice to show it."""
    material = permissions.material_for_reader(viewer=request.user, pk=material_id)
    form = LearnRequestForm(request.POST)
    if form.is_valid():
        try:
            services.learn_request(
                material=material, by=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The author will get your request and answer you."))
        return redirect("library:material", material_id=material.pk)
    return refused_form(request, material, learn_form=form)


@login_required
def learn_answer(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    learn_request = permissions.learn_request_for_author(viewer=request.user, pk=request_id)
    form = LearnAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.learn_answer(
                request=learn_request,
                by=request.user,
                agree=form.cleaned_data["agree"],
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your answer is sent."))
            return redirect("library:mine")
    return render(
        request, "library/learn_answer.html", {"form": form, "learn_request": learn_request}
    )
