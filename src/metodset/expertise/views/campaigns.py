"""The coordinator's pages of expertise: campaigns with their progress and stalls, a
campaign's settings, items and assignment, results with the agreement between experts, an
item with its reviews and the decision."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.library.models import Material

from .. import agreement, permissions
from ..forms.campaigns import (
    CampaignForm,
    DecisionForm,
    ExtendForm,
    ItemsForAuditForm,
    ItemsFromMaterialsForm,
)
from ..models import Campaign
from ..selectors import campaigns as selectors
from ..services import assigning, campaigns, items, results
from ..services.campaigns import CampaignError


@login_required
def campaign_list(request: AuthenticatedRequest) -> HttpResponse:
    """The campaigns the viewer runs, with progress and stalls."""
    if not permissions.can_create_campaigns(request.user):
        raise PermissionDenied
    found = selectors.campaigns_with_progress(permissions.coordinated_campaigns(request.user))
    return render(request, "expertise/campaigns/list.html", {"campaigns": found[:200]})


@login_required
def campaign_create(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_create_campaigns(request.user):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        campaign = campaigns.campaign_create(
            network=data.pop("network"),
            organization=data.pop("organization"),
            title=data.pop("title"),
            kind=data.pop("kind"),
            rubric=data.pop("rubric"),
            by=request.user,
            **data,
        )
        messages.success(request, _("The campaign is created as a draft."))
        return redirect("expertise:campaign_detail", campaign.pk)
    return render(request, "expertise/campaigns/form.html", {"form": form, "campaign": None})


@login_required
def campaign_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = permissions.campaign_for_editor(viewer=request.user, pk=pk)
    # The form's own copy: validating a ModelForm sets the new values on its instance, and
    # the service must compare them with the stored ones.
    form = CampaignForm(request.POST or None, instance=copy.copy(campaign), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaigns.campaign_edit(campaign=campaign, by=request.user, **form.cleaned_data)
        except CampaignError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("expertise:campaign_detail", campaign.pk)
    return render(request, "expertise/campaigns/form.html", {"form": form, "campaign": campaign})


def _detail(request: AuthenticatedRequest, campaign: Campaign, problems: list[str]):
    return render(
        request,
        "expertise/campaigns/detail.html",
        {
            "campaign": campaign,
            "items": selectors.campaign_items(campaign),
            "stalled": selectors.stalled_reviews(campaign),
            "short": selectors.short_items(campaign),
            "problems": problems,
            "extend_form": ExtendForm(),
        },
    )


@login_required
def campaign_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = permissions.campaign_for_coordinator(viewer=request.user, pk=pk)
    return _detail(request, campaign, [])


@login_required
@require_POST
def campaign_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = permissions.campaign_for_editor(viewer=request.user, pk=pk)
    try:
        campaigns.campaign_open(campaign=campaign, by=request.user)
    except CampaignError as error:
        messages.error(request, str(error))
    return redirect("expertise:campaign_detail", campaign.pk)


@login_required
@require_POST
def campaign_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = permissions.campaign_for_editor(viewer=request.user, pk=pk)
    campaigns.campaign_close(campaign=campaign, by=request.user)
    return redirect("expertise:campaign_detail", campaign.pk)


@login_required
@require_POST
def campaign_assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Assign reviewers; when it cannot be done, the page says why and nothing changes."""
    campaign = permissions.campaign_for_editor(viewer=request.user, pk=pk)
    try:
        result = assigning.campaign_assign(campaign=campaign, by=request.user)
    except CampaignError as error:
        return _detail(request, campaign, [str(error)])
    if not result.ok:
        return _detail(request, campaign, result.problems)
    count = result.made
    messages.success(
        request,
        ngettext("%(count)s review assigned.", "%(count)s reviews assigned.", count)
        % {"count": count},
    )
    return redirect("expertise:campaign_detail", campaign.pk)


def _item_sources(campaign: Campaign):
    partners = campaign.network.partners.order_by("short_name")
    materials = Material.objects.filter(
        organization__partnerships__network=campaign.network
    ).order_by("-created_at")[:200]
    return materials, partners


@login_required
def campaign_items(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Where items come from: the programme's products, library materials, organisations."""
    campaign = permissions.campaign_for_editor(viewer=request.user, pk=pk)
    materials, partners = _item_sources(campaign)
    return render(
        request,
        "expertise/campaigns/items.html",
        {
            "campaign": campaign,
            "items": selectors.campaign_items(campaign),
            "materials_form": ItemsFromMaterialsForm(
                materials=Material.objects.filter(pk__in=[m.pk for m in materials])
            ),
            "audit_form": ItemsForAuditForm(organizations=partners),
        },
    )


def _added(request: AuthenticatedRequest, count: int) -> None:
    messages.success(
        request,
        ngettext("%(count)s item added.", "%(count)s items added.", count) % {"count": count},
    )


@login_required
@require_POST
def campaign_items_program(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = permissions.campaign_for_editor(viewer=request.user, pk=pk)
    try:
        _added(request, len(items.items_from_program(campaign=campaign, by=request.user)))
    except CampaignError as error:
        messages.error(request, str(error))
    return redirect("expertise:campaign_items", campaign.pk)


@login_required
@require_POST
def campaign_items_materials(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = permissions.campaign_for_editor(viewer=request.user, pk=pk)
    materials, _partners = _item_sources(campaign)
    form = ItemsFromMaterialsForm(
        request.POST, materials=Material.objects.filter(pk__in=[m.pk for m in materials])
    )
    if not form.is_valid():
        messages.error(request, _("Choose at least one material."))
        return redirect("expertise:campaign_items", campaign.pk)
    for material in form.cleaned_data["materials"]:
        items.item_from_material(campaign=campaign, material=material, by=request.user)
    _added(request, len(form.cleaned_data["materials"]))
    return redirect("expertise:campaign_items", campaign.pk)


@login_required
@require_POST
def campaign_items_audit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = permissions.campaign_for_editor(viewer=request.user, pk=pk)
    _materials, partners = _item_sources(campaign)
    form = ItemsForAuditForm(request.POST, organizations=partners)
    if not form.is_valid():
        messages.error(request, _("Choose at least one organisation."))
        return redirect("expertise:campaign_items", campaign.pk)
    made = items.items_for_audit(
        campaign=campaign, organizations=list(form.cleaned_data["organizations"]), by=request.user
    )
    _added(request, len(made))
    return redirect("expertise:campaign_items", campaign.pk)


@login_required
def campaign_results(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = permissions.campaign_for_coordinator(viewer=request.user, pk=pk)
    found = selectors.campaign_results(campaign)
    return render(
        request,
        "expertise/campaigns/results.html",
        {"campaign": campaign, "results": found, "bands": agreement.Band},
    )


@login_required
def item_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The coordinator's view of an item: versions, every review with the expert's name,
    the result and the decisions."""
    item = permissions.item_for_coordinator(viewer=request.user, pk=pk)
    return render(
        request,
        "expertise/campaigns/item.html",
        {
            "item": item,
            "campaign": item.campaign,
            "versions": item.versions.order_by("-number"),
            "reviews": selectors.item_reviews(item),
            "decisions": selectors.item_decisions(item),
            "result": selectors.item_result(item),
            "form": DecisionForm(initial={"verdict": item.verdict or None}),
        },
    )


@login_required
@require_POST
def item_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = permissions.item_for_coordinator(viewer=request.user, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            results.item_decide(item=item, by=request.user, **form.cleaned_data)
        except CampaignError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The decision is recorded."))
    else:
        messages.error(request, _("Choose the decision and give the reason."))
    return redirect("expertise:item_detail", item.pk)


@login_required
@require_POST
def item_extra_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = permissions.item_for_coordinator(viewer=request.user, pk=pk)
    if assigning.extra_review_add(item=item, by=request.user) is None:
        messages.error(request, _("Nobody may take one more review of this item."))
    else:
        messages.success(request, _("An extra review is assigned."))
    return redirect("expertise:campaign_detail", item.campaign_id)


@login_required
@require_POST
def review_reassign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = permissions.review_for_coordinator(viewer=request.user, pk=pk)
    try:
        replacement = assigning.review_reassign(review=review, by=request.user)
    except CampaignError as error:
        messages.error(request, str(error))
    else:
        if replacement is None:
            messages.error(request, _("Nobody may take this review: the item waits for you."))
        else:
            messages.success(request, _("The review is given to another expert."))
    return redirect("expertise:campaign_detail", review.item.campaign_id)


@login_required
@require_POST
def review_extend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    review = permissions.review_for_coordinator(viewer=request.user, pk=pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            assigning.review_extend(
                review=review, until=form.cleaned_data["until"], by=request.user
            )
        except CampaignError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The deadline is extended."))
    else:
        messages.error(request, _("The new deadline must be in the future."))
    return redirect("expertise:campaign_detail", review.item.campaign_id)
