"""The expert community of a network and an expert's own profile."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.models import Network
from metodset.core.fields import id_or_none

from .. import permissions
from ..forms.experts import ExpertProfileForm, ExpertSearchForm
from ..models import ExpertProfile
from ..selectors import experts as selectors
from ..services import experts as services


def _chosen(request: AuthenticatedRequest, choices: list[Network]) -> Network:
    """The network asked for by ``?network=``, else the first one; 404 when not a choice."""
    value = request.GET.get("network", "")
    if not value:
        if not choices:
            raise Http404
        return choices[0]
    pk = id_or_none(value)
    chosen = next((n for n in choices if n.pk == pk), None)
    if chosen is None:
        raise Http404
    return chosen


@login_required
def experts(request: AuthenticatedRequest) -> HttpResponse:
    """The network's experts: who is competent in what, and how busy they are now."""
    networks = list(permissions.community_networks(request.user).order_by("name"))
    network = _chosen(request, networks)
    search = ExpertSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = Paginator(selectors.network_experts(network, query=query), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "expertise/experts/list.html",
        {
            "network": network,
            "networks": networks,
            "search": search,
            "page": page,
            "query": urlencode({"network": network.pk, "q": query}),
            "is_expert": network in permissions.expert_networks(request.user),
        },
    )


@login_required
def expert_profile(request: AuthenticatedRequest) -> HttpResponse:
    """The expert's own profile in one of her networks."""
    network = _chosen(request, permissions.expert_networks(request.user))
    profile = ExpertProfile.objects.filter(user=request.user, network=network).first()
    form = ExpertProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.expert_profile_save(
            user=request.user, network=network, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("Your expert profile is saved."))
        return redirect(f"{request.path}?network={network.pk}")
    return render(request, "expertise/experts/profile.html", {"form": form, "network": network})
