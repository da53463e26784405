"""The author's side: my items with their statuses and drafts; a draft kept, handed in or
deleted; an item's path and versions, each with its conclusions (experts as «Эксперт N» when
the campaign is blind) and decisions; the revision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.core import uploads

from .. import permissions
from ..conclusions import anonymised_expert
from ..forms.calls import DraftForm, DraftSubmitForm
from ..forms.reviews import ReviseForm
from ..models import Campaign, Item, ItemVersion
from ..path import item_path
from ..selectors import reviews as selectors
from ..services import authoring as services
from ..services.authoring import REVISABLE, AuthoringError


@login_required
@require_GET
def my_items(request: AuthenticatedRequest) -> HttpResponse:
    items = selectors.authored(permissions.items_of_author(viewer=request.user))
    return render(request, "expertise/reviews/my_items.html", {"items": items})


def _item_page(
    request: AuthenticatedRequest, item: Item, form: ReviseForm | None = None
) -> HttpResponse:
    blind = item.campaign.blindness != Campaign.Blindness.OPEN
    versions = selectors.history(item)
    for entry in versions:
        for review in entry.reviews:
            review.shown_name = (  # type: ignore[attr-defined]
                anonymised_expert(review.number)
                if blind
                else review.expert.get_full_name() or review.expert.email
            )
    inclusion = selectors.item_inclusion(item)
    context: dict[str, Any] = {
        "item": item,
        "path": item_path(status=item.status, version=item.version, included=inclusion.where),
        "inclusion": inclusion,
        "versions": versions,
        "blind": blind,
        "can_revise": item.status in REVISABLE,
        "form": form or ReviseForm(),
    }
    return render(request, "expertise/reviews/item_mine.html", context)


@login_required
@require_GET
def item_mine(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = permissions.item_for_author(viewer=request.user, pk=item_id)
    return _item_page(request, item)


@login_required
@require_POST
def item_revise(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = permissions.item_for_author(viewer=request.user, pk=item_id)
    form = ReviseForm(request.POST, request.FILES)
    if not form.is_valid():
        return _item_page(request, item, form)
    try:
        services.item_revise(item=item, by=request.user, **form.cleaned_data)
    except AuthoringError as error:
        if item.status not in REVISABLE:
            messages.error(request, str(error))
            return redirect("expertise:item_mine", item_id=item.pk)
        form.add_error(None, str(error))
        return _item_page(request, item, form)
    messages.success(request, _("The new version is handed in; experts will review it."))
    return redirect("expertise:item_mine", item_id=item.pk)


@login_required
@require_GET
def item_version_file(request: AuthenticatedRequest, version_id: int) -> HttpResponseBase:
    version = permissions.version_for_reader(viewer=request.user, pk=version_id)
    return uploads.file_response(version.file, inline=True)


# --- drafts ---------------------------------------------------------------------------------


def _draft_page(
    request: AuthenticatedRequest, item: Item, version: ItemVersion, form: DraftForm
) -> HttpResponse:
    context = {
        "item": item,
        "version": version,
        "file_name": str(version.file.name or "").rsplit("/", 1)[-1],
        "form": form,
        "path": item_path(status=item.status, version=item.version),
    }
    status = 400 if form.errors else 200
    return render(request, "expertise/reviews/item_draft.html", context, status=status)


def _not_a_draft(request: AuthenticatedRequest, item: Item) -> HttpResponse:
    messages.info(request, _("The work is already handed in; here is where it stands."))
    return redirect("expertise:item_mine", item_id=item.pk)


@login_required
def item_draft(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    """A draft's page: the form as last saved; «Сохранить черновик» keeps what is typed."""
    item = permissions.draft_for_author(viewer=request.user, pk=item_id)
    if item.status != Item.Status.DRAFT:
        return _not_a_draft(request, item)
    version = selectors.draft_version(item)
    if request.method != "POST":
        initial = {
            "title": item.title,
            "annotation": item.description,
            "text": version.text,
            "url": version.url,
            "consent": item.consent_at is not None,
        }
        return _draft_page(
            request, item, version, DraftForm(initial=initial, has_file=bool(version.file))
        )
    form = DraftForm(request.POST, request.FILES, has_file=bool(version.file))
    if not form.is_valid():
        return _draft_page(request, item, version, form)
    try:
        services.item_draft_save(item=item, by=request.user, **form.cleaned_data)
    except AuthoringError:
        return _not_a_draft(request, item)
    messages.success(request, _("The draft is saved."))
    return redirect("expertise:item_draft", item_id=item.pk)


@login_required
@require_POST
def item_draft_submit(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    """«Передать на экспертизу»: what is typed is kept in the draft, then the draft is handed
    in; when the rules refuse (the deadline has passed), the page says why and the draft
    stays as typed."""
    item = permissions.draft_for_author(viewer=request.user, pk=item_id)
    if item.status != Item.Status.DRAFT:
        return _not_a_draft(request, item)
    version = selectors.draft_version(item)
    form = DraftSubmitForm(request.POST, request.FILES, has_file=bool(version.file))
    if not form.is_valid():
        return _draft_page(request, item, version, form)
    try:
        services.item_draft_save(item=item, by=request.user, **form.cleaned_data)
        services.item_draft_submit(item=item, by=request.user)
    except AuthoringError as error:
        item.refresh_from_db()
        if item.status != Item.Status.DRAFT:
            return _not_a_draft(request, item)
        form.add_error(None, str(error))
        form.add_error(None, _("What you typed is kept in the draft."))
        return _draft_page(request, item, selectors.draft_version(item), form)
    messages.success(request, _("Your work is handed in. The experts will review it."))
    return redirect("expertise:item_mine", item_id=item.pk)


@login_required
@require_POST
def item_draft_delete(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = permissions.draft_for_author(viewer=request.user, pk=item_id)
    if item.status != Item.Status.DRAFT:
        return _not_a_draft(request, item)
    services.item_draft_delete(item=item, by=request.user)
    messages.success(request, _("The draft is deleted."))
    return redirect("expertise:my_items")
