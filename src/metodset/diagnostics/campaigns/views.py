"""Assessment campaigns: the list, a new campaign, its progress, changing, opening and closing
it, adding and removing people.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.diagnostics.campaigns.forms import CampaignForm, CampaignOpenForm, ParticipantsAddForm
from metodset.diagnostics.campaigns.selectors import (
    campaign_scopes,
    campaign_tests,
    take_links,
)
from metodset.diagnostics.frameworks.permissions import visible_frameworks
from metodset.diagnostics.models import Campaign
from metodset.diagnostics.profiles.selectors import participations

from . import permissions, selectors, services
from .selectors import url_or_none


@login_required
def campaign_list(request: AuthenticatedRequest) -> HttpResponse:
    """The person's own assessments first, then the campaigns they run or oversee."""
    mine = []
    for participant in participations(request.user):
        mine.append({"participant": participant, "links": take_links(participant)})
    managed = selectors.campaigns_listed(permissions.campaigns_visible(request.user))
    return render(
        request,
        "diagnostics/campaign_list.html",
        {
            "mine": mine,
            "campaigns": managed,
            "can_create": permissions.can_create_campaign(request.user),
        },
    )


@login_required
def campaign_create(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_create_campaign(request.user):
        raise Http404
    orgs, nets = campaign_scopes(request.user)
    frameworks = visible_frameworks(request.user).filter(status="published")
    form = CampaignForm(
        request.POST or None,
        frameworks=frameworks,
        organizations=orgs,
        networks=nets,
        tests=campaign_tests(request.user, orgs, nets),
    )
    if request.method == "POST" and form.is_valid():
        campaign, added = services.campaign_create(
            campaign=form.save(commit=False), by=request.user
        )
        messages.success(
            request,
            ngettext(
                "The campaign is created with %(count)s person. Open it when you are ready.",
                "The campaign is created with %(count)s people. Open it when you are ready.",
                added,
            )
            % {"count": added},
        )
        return redirect("diagnostics:campaign", campaign_id=campaign.pk)
    return render(
        request,
        "diagnostics/campaign_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def campaign_detail(request: AuthenticatedRequest, campaign_id: int) -> HttpResponse:
    """Progress: of everybody, by organisation, and (where names may be seen) by person."""
    campaign = permissions.campaign_for_viewer(viewer=request.user, pk=campaign_id)
    manage = permissions.can_manage_campaign(request.user, campaign)
    progress = selectors.campaign_progress(campaign=campaign, viewer=request.user)
    return render(
        request,
        "diagnostics/campaign_detail.html",
        progress
        | {
            "campaign": campaign,
            "manage": manage,
            "heatmap_url": url_or_none("diagnostics:heatmap", campaign.pk),
            "add_emails": request.session.pop("diagnostics_add_emails", ""),
            "add_form": ParticipantsAddForm(people=selectors.default_people(campaign))
            if manage
            else None,
        },
    )


def _editable_by(request: AuthenticatedRequest, campaign: Campaign) -> bool:
    """A closed campaign is kept as it was: the refusal is said on its page."""
    if campaign.status == Campaign.Status.CLOSED:
        messages.error(request, _("A closed campaign cannot be changed."))
        return False
    return True


@login_required
def campaign_edit(request: AuthenticatedRequest, campaign_id: int) -> HttpResponse:
    """A draft changes entirely; an open campaign only its title, end and reminder."""
    campaign = permissions.campaign_for_manager(viewer=request.user, pk=campaign_id)
    if not _editable_by(request, campaign):
        return redirect("diagnostics:campaign", campaign_id=campaign.pk)
    # The form gets its own copy: a ModelForm writes what was typed into its instance even
    # when it is refused, and the page's title should stay the stored one.
    instance = Campaign.objects.get(pk=campaign.pk)
    form: CampaignForm | CampaignOpenForm
    if campaign.status == Campaign.Status.DRAFT:
        orgs, nets = campaign_scopes(request.user)
        form = CampaignForm(
            request.POST or None,
            instance=instance,
            frameworks=visible_frameworks(request.user).filter(
                Q(status="published") | Q(pk=campaign.framework_id)
            ),
            organizations=orgs,
            networks=nets,
            tests=campaign_tests(request.user, orgs, nets),
        )
    else:
        form = CampaignOpenForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.campaign_update(campaign=campaign, by=request.user, **form.changes())
        messages.success(request, _("The campaign is changed."))
        return redirect("diagnostics:campaign", campaign_id=campaign.pk)
    return render(
        request,
        "diagnostics/campaign_edit.html",
        {"campaign": campaign, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def participant_remove(
    request: AuthenticatedRequest, campaign_id: int, participant_id: int
) -> HttpResponse:
    campaign = permissions.campaign_for_manager(viewer=request.user, pk=campaign_id)
    participant = permissions.participant_for_manager(
        viewer=request.user, campaign=campaign, pk=participant_id
    )
    if _editable_by(request, campaign):
        services.participant_remove(participant=participant, by=request.user)
        messages.success(
            request,
            _("Excluded from the campaign with their results: %(name)s.")
            % {"name": participant.user.get_full_name()},
        )
    return redirect(reverse("diagnostics:campaign", args=[campaign.pk]) + "#people")


@login_required
@require_POST
def campaign_open(request: AuthenticatedRequest, campaign_id: int) -> HttpResponse:
    campaign = permissions.campaign_for_manager(viewer=request.user, pk=campaign_id)
    if campaign.status == Campaign.Status.DRAFT:
        services.campaign_open(campaign=campaign, by=request.user)
        messages.success(request, _("The campaign is open; invitations are being sent."))
    return redirect("diagnostics:campaign", campaign_id=campaign.pk)


@login_required
@require_POST
def campaign_close(request: AuthenticatedRequest, campaign_id: int) -> HttpResponse:
    campaign = permissions.campaign_for_manager(viewer=request.user, pk=campaign_id)
    if campaign.status == Campaign.Status.OPEN:
        services.campaign_close(campaign=campaign, by=request.user)
        messages.success(request, _("The campaign is closed."))
    return redirect("diagnostics:campaign", campaign_id=campaign.pk)


@login_required
@require_POST
def campaign_add_people(request: AuthenticatedRequest, campaign_id: int) -> HttpResponse:
    campaign = permissions.campaign_for_manager(viewer=request.user, pk=campaign_id)
    form = ParticipantsAddForm(request.POST, people=selectors.default_people(campaign))
    if form.is_valid():
        added = services.participants_add(campaign=campaign, people=form.cleaned_data["emails"])
        messages.success(request, _("People added: %(count)s.") % {"count": added})
        return redirect("diagnostics:campaign", campaign_id=campaign.pk)
    for error in form.errors.get("emails", []):
        messages.error(request, str(error))  # as the message storage does
    request.session["diagnostics_add_emails"] = request.POST.get("emails", "")
    return redirect(reverse("diagnostics:campaign", args=[campaign.pk]) + "#add")
