"""A person's competency profile: one's own, and a colleague's for those who may see it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from metodset.accounts.http import AuthenticatedRequest
from metodset.diagnostics.campaigns.selectors import take_links
from metodset.diagnostics.permissions import can_observe, participant_for_viewer

from . import selectors


@login_required
def my_profile(request: AuthenticatedRequest) -> HttpResponse:
    """The person's own profile: their latest scored campaign, or another on request."""
    participations = list(selectors.participations(request.user))
    chosen = None
    if wanted := request.GET.get("campaign"):
        chosen = next((p for p in participations if str(p.campaign_id) == wanted), None)
    chosen = chosen or next((p for p in participations if p.scored_at), None)
    pending = [
        {"participant": p, "links": links}
        for p in participations
        if any((links := take_links(p)).values())
    ]
    return render(
        request,
        "diagnostics/profile.html",
        {
            "profile": selectors.profile_of(chosen) if chosen else None,
            "participations": participations,
            "pending": pending,
            "own": True,
        },
    )


@login_required
def profile(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    participant = participant_for_viewer(viewer=request.user, pk=participant_id)
    if participant.user_id == request.user.pk:
        return redirect(reverse("diagnostics:my_profile") + f"?campaign={participant.campaign_id}")
    return render(
        request,
        "diagnostics/profile.html",
        {
            "profile": selectors.profile_of(participant),
            "participations": [],
            "pending": [],
            "own": False,
            "can_observe": can_observe(request.user, participant),
            "observations": participant.observations.select_related("observer"),
        },
    )
