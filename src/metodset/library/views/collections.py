"""Collections: the list, a collection's page (public when it is public), curating it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions, selectors, services
from ..forms import CollectionAddForm
from ..models import Collection
from .materials import _viewer


@login_required
def collection_list(request: AuthenticatedRequest) -> HttpResponse:
    collections = (
        permissions.visible_collections(request.user)
        .exclude(kind=Collection.Kind.SHELF)
        .select_related("organization", "network")
        .order_by("kind", "title", "pk")
    )
    return render(
        request,
        "library/collections.html",
        {"collections": list(collections[:200]), "tab": "collections"},
    )


def collection(request: HttpRequest, collection_id: int) -> HttpResponse:
    """A collection's page; without signing in when it is public. Only the materials the
    viewer may read are listed; for the network's e-case they are grouped by competency."""
    viewer = _viewer(request)
    try:
        found = permissions.collection_for_viewer(viewer=viewer, pk=collection_id)
    except Http404:
        if viewer is None:
            return redirect_to_login(request.get_full_path())
        raise
    items = list(
        selectors.collection_items(collection=found)
        .filter(material__in=permissions.visible_materials(viewer))
        .select_related("material__created_by")
    )
    groups = selectors.group_by_competency(items) if found.kind == Collection.Kind.CASE else []
    return render(
        request,
        "library/collection.html",
        {
            "collection": found,
            "items": items,
            "groups": groups,
            "curates": viewer is not None and permissions.can_curate(viewer, found),
            "add_form": CollectionAddForm(),
        },
    )


@login_required
@require_POST
def collection_add(request: AuthenticatedRequest, collection_id: int) -> HttpResponse:
    found = permissions.collection_for_curator(viewer=request.user, pk=collection_id)
    form = CollectionAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a material to add."))
        return redirect("library:collection", collection_id=found.pk)
    material = permissions.material_for_viewer(
        viewer=request.user, pk=form.cleaned_data["material"]
    )
    if not material.is_published and found.kind != Collection.Kind.SHELF:
        messages.error(request, _("Only a published material can be added to a collection."))
    else:
        services.collection_add(collection=found, material=material, note=form.cleaned_data["note"])
        messages.success(request, _("The material is added to the collection."))
    return redirect("library:collection", collection_id=found.pk)


@login_required
@require_POST
def collection_move(
    request: AuthenticatedRequest, collection_id: int, material_id: int
) -> HttpResponse:
    found = permissions.collection_for_curator(viewer=request.user, pk=collection_id)
    material = permissions.material_for_viewer(viewer=request.user, pk=material_id)
    if request.POST.get("direction") not in ("up", "down"):
        return HttpResponse(status=400)
    services.collection_move(
        collection=found, material=material, up=request.POST["direction"] == "up"
    )
    return redirect("library:collection", collection_id=found.pk)


@login_required
@require_POST
def collection_remove(
    request: AuthenticatedRequest, collection_id: int, material_id: int
) -> HttpResponse:
    found = permissions.collection_for_curator(viewer=request.user, pk=collection_id)
    material = permissions.material_for_viewer(viewer=request.user, pk=material_id)
    services.collection_remove(collection=found, material=material)
    messages.success(request, _("The material is removed from the collection."))
    return redirect("library:collection", collection_id=found.pk)
