"""A material's page, its files, and its author's pages: adding, editing, new versions,
submitting for moderation, «Мои материалы»."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.models import User
from metodset.core import uploads

from .. import permissions, selectors, services
from ..forms import (
    ComplaintForm,
    LearnRequestForm,
    MaterialForm,
    ModerationForm,
    ReasonForm,
    UseForm,
    VersionForm,
)
from ..models import Material


def _viewer(request: HttpRequest) -> User | None:
    return request.user if request.user.is_authenticated else None  # type: ignore[return-value]


def _material_or_login(request: HttpRequest, material_id: int) -> Material:
    try:
        return permissions.material_for_viewer(viewer=_viewer(request), pk=material_id)
    except Http404:
        if _viewer(request) is None:
            raise _LoginFirst from None
        raise


class _LoginFirst(Exception):
    """An anonymous visitor asked for what only signed-in people may see."""


def detail(request: HttpRequest, material_id: int) -> HttpResponse:
    """The material: what it is, its file or link, its versions; what this viewer may do.

    Open without signing in when the material is public (its public link); otherwise an
    anonymous visitor is sent to the login page and comes back here."""
    try:
        material = _material_or_login(request, material_id)
    except _LoginFirst:
        return redirect_to_login(request.get_full_path())
    viewer = _viewer(request)
    if material.is_published:
        services.material_viewed(material=material)
    return render(request, "library/material.html", detail_context(viewer, material))


def detail_context(viewer: User | None, material: Material, **forms: object) -> dict:
    is_author = viewer is not None and material.created_by_id == viewer.pk
    moderates = viewer is not None and permissions.can_moderate(viewer, material)
    context = {
        "material": material,
        "versions": list(material.versions.select_related("created_by")),
        "competencies": list(material.competencies.select_related("framework")),
        "is_author": is_author,
        "moderates": moderates,
        "can_edit": viewer is not None and permissions.can_edit(viewer, material),
        "can_submit": viewer is not None and permissions.can_submit(viewer, material),
        "history": list(material.moderation.select_related("by")) if is_author or moderates else [],
        "reader": viewer is not None and material.is_published,
        "on_shelf": viewer is not None and selectors.on_shelf(person=viewer, material=material),
        "uses": selectors.uses_summary(material=material),
        "adoptions": list(material.adoptions.select_related("organization")[:50])
        if material.is_act
        else [],
        "my_request": selectors.open_learn_request(person=viewer, material=material)
        if viewer is not None and material.kind == Material.Kind.QUANTUM
        else None,
        "moderation_form": ModerationForm(),
        "withdraw_form": ReasonForm(),
        "use_form": UseForm(initial={"used_on": timezone.localdate()}),
        "learn_form": LearnRequestForm(),
        "complaint_form": ComplaintForm(),
        "version_form": VersionForm(),
    }
    context.update(forms)
    return context


def refused_form(request: AuthenticatedRequest, material: Material, **form: object) -> HttpResponse:
    """The material's page again with the form that failed, its messages by the fields (400)."""
    return render(
        request, "library/material.html", detail_context(request.user, material, **form), status=400
    )


def file(request: HttpRequest, material_id: int, number: int | None = None) -> HttpResponseBase:
    """The current file (counted as a download) or an earlier version's, to whoever may open
    the material's page."""
    try:
        material = _material_or_login(request, material_id)
    except _LoginFirst:
        return redirect_to_login(request.get_full_path())
    if number is None:
        version = material.versions.order_by("-number").first()
    else:
        version = material.versions.filter(number=number).first()
    if version is None or not version.file:
        raise Http404
    if number is None and material.is_published:
        services.material_downloaded(material=material)
    return uploads.file_response(version.file, filename=version.original_name or None, inline=True)


@login_required
def create(request: AuthenticatedRequest) -> HttpResponse:
    form = MaterialForm(
        request.POST or None, request.FILES or None, user=request.user, creating=True
    )
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            material = services.material_create(
                by=request.user,
                file=form.cleaned_data.get("upload") or None,
                url=form.cleaned_data.get("url") or "",
                competencies=form.cleaned_data["competencies"],
                **fields,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if "submit" in request.POST:
                services.material_submit(material=material, by=request.user)
                messages.success(request, _("The material is sent to the moderators."))
            else:
                messages.success(request, _("The draft is saved: submit it when it is ready."))
            return redirect("library:material", material_id=material.pk)
    return render(request, "library/material_form.html", {"form": form, "creating": True})


@login_required
def edit(request: AuthenticatedRequest, material_id: int) -> HttpResponse:
    material = permissions.material_for_editor(viewer=request.user, pk=material_id)
    form = MaterialForm(request.POST or None, instance=material, user=request.user, creating=False)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        material.refresh_from_db()  # the form wrote into the instance; the service compares
        try:
            services.material_update(
                material=material,
                by=request.user,
                competencies=form.cleaned_data["competencies"],
                **fields,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The material is saved."))
            return redirect("library:material", material_id=material.pk)
    return render(
        request,
        "library/material_form.html",
        {"form": form, "creating": False, "material": material},
    )


@login_required
def version_add(request: AuthenticatedRequest, material_id: int) -> HttpResponse:
    material = permissions.material_for_editor(viewer=request.user, pk=material_id)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_add(
                material=material,
                by=request.user,
                file=form.cleaned_data.get("upload") or None,
                url=form.cleaned_data.get("url") or "",
                changes=form.cleaned_data["changes"],
                keep_published=permissions.can_moderate(request.user, material),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Version %(number)s is added.") % {"number": version.number}
            )
            return redirect("library:material", material_id=material.pk)
    return render(request, "library/version_form.html", {"form": form, "material": material})


@login_required
@require_POST
def submit(request: AuthenticatedRequest, material_id: int) -> HttpResponse:
    material = permissions.material_for_author(viewer=request.user, pk=material_id)
    try:
        services.material_submit(material=material, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The material is sent to the moderators."))
    return redirect("library:material", material_id=material.pk)


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    """The author's materials in every status, and the «Хочу научиться» requests to her."""
    return render(
        request,
        "library/mine.html",
        {
            "materials": selectors.materials_of(request.user)[:200],
            "requests": list(selectors.learn_requests_to(request.user)[:100]),
            "asked": list(selectors.learn_requests_of(request.user)[:100]),
            "tab": "mine",
        },
    )


@login_required
@require_POST
def complaint(request: AuthenticatedRequest, material_id: int) -> HttpResponse:
    material = permissions.material_for_reader(viewer=request.user, pk=material_id)
    form = ComplaintForm(request.POST)
    if form.is_valid():
        services.complaint_send(material=material, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Thank you: the moderators will look at the material."))
        return redirect("library:material", material_id=material.pk)
    return refused_form(request, material, complaint_form=form)
