"""Directory pages: networks with their partner lists, organisations with their members."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions, selectors
from ..forms import PartnerFilterForm


def _query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, for pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def network_list(request: AuthenticatedRequest) -> HttpResponse:
    networks = selectors.networks_with_counts(networks=permissions.visible_networks(request.user))
    page = Paginator(networks, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/directory/network_list.html", {"page": page})


@login_required
def network_detail(request: AuthenticatedRequest, network_id: int) -> HttpResponse:
    network = selectors.network_for_viewer(viewer=request.user, network_id=network_id)
    form = PartnerFilterForm(request.GET, network=network)
    filters = form.filters()
    partners = selectors.network_partners(network=network, **filters)
    context = {
        "network": network,
        "form": form,
        "filtered": any(filters.values()),
        "page": Paginator(partners, settings.PAGE_SIZE).get_page(request.GET.get("page")),
        "query": _query_without_page(request),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "accounts/directory/_partners.html", context)
    context["staff"] = selectors.network_staff(network=network)
    context["can_manage"] = permissions.can_manage_network(request.user, network)
    return render(request, "accounts/directory/network_detail.html", context)


@login_required
def organization_detail(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    organization = selectors.organization_for_viewer(
        viewer=request.user, organization_id=organization_id
    )
    members = selectors.organization_members(organization=organization)
    visible_network_ids = set(
        permissions.visible_networks(request.user).values_list("pk", flat=True)
    )
    networks = [
        (network, network.pk in visible_network_ids)
        for network in selectors.organization_networks(organization=organization)
    ]
    can_manage = permissions.can_manage_organization(request.user, organization)
    return render(
        request,
        "accounts/directory/organization_detail.html",
        {
            "organization": organization,
            "page": Paginator(members, settings.PAGE_SIZE).get_page(request.GET.get("page")),
            "networks": networks,
            "can_manage": can_manage,
            "can_import": can_manage and permissions.can_import_people(request.user),
            "show_contacts": can_manage
            or permissions.can_see_member_contacts(request.user, organization),
        },
    )
