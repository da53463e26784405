"""Calls for works: open campaigns a person may hand a work in to, the handing in, and a work
started there as a draft."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions
from ..forms.calls import DraftForm, EntryForm
from ..services import authoring
from ..services import items as services
from ..services.authoring import AuthoringError
from ..services.campaigns import CampaignError


@login_required
def calls(request: AuthenticatedRequest) -> HttpResponse:
    campaigns = (
        permissions.open_calls(request.user)
        .select_related("network", "organization", "program")
        .order_by("submissions_until", "-pk")[:50]
    )
    return render(request, "expertise/calls/list.html", {"campaigns": campaigns})


@login_required
def item_enter(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = permissions.call_for_entrant(viewer=request.user, pk=pk)
    form = EntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_submit(campaign=campaign, author=request.user, **form.cleaned_data)
        except CampaignError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your work is handed in. The experts will review it."))
            return redirect("expertise:item_mine", item_id=item.pk)
    status = 400 if form.errors else 200
    return render(
        request, "expertise/calls/enter.html", {"form": form, "campaign": campaign}, status=status
    )


@login_required
@require_POST
def item_draft_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """«Сохранить черновик» on the entry form: the work is kept as a draft nobody else sees."""
    campaign = permissions.call_for_entrant(viewer=request.user, pk=pk)
    form = DraftForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            item = authoring.item_draft_create(
                campaign=campaign, author=request.user, **form.cleaned_data
            )
        except AuthoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The draft is saved. Only you see it until you hand it in.")
            )
            return redirect("expertise:item_draft", item_id=item.pk)
    return render(
        request, "expertise/calls/enter.html", {"form": form, "campaign": campaign}, status=400
    )
