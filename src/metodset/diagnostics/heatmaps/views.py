"""Heat maps of a campaign: the organisations of a network, the teachers of an organisation,
the change since another campaign, and the whole map as XLSX.

Who sees what (the rule of ``permissions``, applied to maps; ``heatmaps`` has the details):
the campaign's pages are open to the staff of its organisation, of its network, and of the
organisations whose people took part; a network map shows the organisations whose aggregates
the viewer may see; a map of teachers shows names to whoever may see that organisation's
people by name and «Педагог 1»… to the network's other staff. Teachers see their own profile,
never a map. Anybody else gets 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.models import Organization
from metodset.core.spreadsheets import xlsx_response
from metodset.diagnostics.heatmaps.forms import HeatmapForm
from metodset.diagnostics.heatmaps.grid import HeatMap
from metodset.diagnostics.heatmaps.presentation import legend, shown_rows, url_or_none
from metodset.diagnostics.heatmaps.selectors import campaigns_related
from metodset.diagnostics.models import Campaign

from . import exports, grid, permissions, selectors

PAGE_SIZE = 100  # rows of a map on one page; the XLSX has them all


@login_required
def heatmap(request: AuthenticatedRequest, campaign_id: int) -> HttpResponse:
    """Organisations of a network campaign; teachers of an organisation's own campaign."""
    campaign = permissions.campaign_for_heatmap_viewer(viewer=request.user, pk=campaign_id)
    if campaign.organization is not None:
        return _organization_page(request, campaign, campaign.organization)
    return _network_page(request, campaign)


@login_required
def heatmap_org(
    request: AuthenticatedRequest, campaign_id: int, organization_id: int
) -> HttpResponse:
    """Teachers of one organisation in a network campaign."""
    campaign = permissions.campaign_for_heatmap_viewer(viewer=request.user, pk=campaign_id)
    if campaign.organization_id is not None:
        if campaign.organization_id != organization_id:
            raise Http404
        return redirect(reverse("diagnostics:heatmap", args=[campaign.pk]) + _query(request))
    organization = permissions.organization_for_heatmap_viewer(
        viewer=request.user, campaign=campaign, pk=organization_id
    )
    return _organization_page(request, campaign, organization)


def _query(request: AuthenticatedRequest, *, drop: tuple[str, ...] = ("page", "format")) -> str:
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return f"?{query.urlencode()}" if query else ""


def _switch(
    request: AuthenticatedRequest,
    form: HeatmapForm,
    related: list[Campaign],
    campaign: Campaign,
    organization: Organization | None,
) -> HttpResponse | None:
    """Another campaign chosen in the form: the same map of that campaign."""
    wanted = form._value("campaign")
    other = next((c for c in related if c.pk == wanted), None)
    if other is None or other.pk == campaign.pk:
        return None
    query = request.GET.copy()
    for key in ("campaign", "page", "format"):
        query.pop(key, None)
    if query.get("compare") == str(other.pk):
        query.pop("compare")
    if organization is not None and other.network_id is not None:
        url = reverse("diagnostics:heatmap_org", args=[other.pk, organization.pk])
    else:
        url = reverse("diagnostics:heatmap", args=[other.pk])
    return redirect(url + (f"?{query.urlencode()}" if query else ""))


def _compare(form: HeatmapForm, related: list[Campaign]) -> Campaign | None:
    wanted = form.compare_id()
    return next((c for c in related if c.pk == wanted), None)


def _network_page(request: AuthenticatedRequest, campaign: Campaign) -> HttpResponse:
    user = request.user
    related = list(campaigns_related(user, campaign, None))
    form = HeatmapForm(
        request.GET,
        current=campaign,
        related=related,
        positions=selectors.positions(campaign),
        kinds=True,
    )
    if (switched := _switch(request, form, related, campaign, None)) is not None:
        return switched
    aggregate_ids = permissions.aggregated_organization_ids(user, campaign)
    heatmap = selectors.network_map(
        campaign=campaign,
        filters=form.filters(),
        compare=_compare(form, related),
        organization_ids=aggregate_ids,
        named_ids=permissions.named_organization_ids_in(user, campaign),
        order=form.ordering(),
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.to_xlsx(heatmap), f"heatmap-{campaign.pk}.xlsx")
    # An organisation's row leads to its map with the same filters (but the kind).
    row_query = request.GET.copy()
    for key in ("campaign", "kind", "page", "format"):
        row_query.pop(key, None)
    link = reverse("diagnostics:heatmap_org", args=[campaign.pk, 0])
    link += f"?{row_query.urlencode()}" if row_query else ""
    return _render(request, form, heatmap, link)


def _organization_page(
    request: AuthenticatedRequest, campaign: Campaign, organization: Organization
) -> HttpResponse:
    user = request.user
    related = list(campaigns_related(user, campaign, organization))
    form = HeatmapForm(
        request.GET,
        current=campaign,
        related=related,
        positions=selectors.positions(campaign, organization),
        kinds=False,
    )
    if (switched := _switch(request, form, related, campaign, organization)) is not None:
        return switched
    named_ids = permissions.named_organization_ids_in(user, campaign)
    named = named_ids is None or organization.pk in named_ids
    heatmap = selectors.organization_map(
        campaign=campaign,
        organization=organization,
        filters=form.filters(),
        compare=_compare(form, related),
        named=named,
        order=form.ordering(),
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            exports.to_xlsx(heatmap), f"heatmap-{campaign.pk}-{organization.pk}.xlsx"
        )
    link = url_or_none("diagnostics:profile", 0) if named else None
    return _render(request, form, heatmap, link)


def _render(request: AuthenticatedRequest, form: HeatmapForm, heatmap: HeatMap, link: str | None):  # type: ignore[no-untyped-def]
    page = Paginator(heatmap.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    campaign = heatmap.campaign
    network_map = None
    if heatmap.organization is not None and campaign.network_id is not None:
        network_map = reverse("diagnostics:heatmap", args=[campaign.pk]) + _query(request)
    query = _query(request)
    return render(
        request,
        "diagnostics/heatmap.html",
        {
            "campaign": campaign,
            "heatmap": heatmap,
            "form": form,
            "page": page,
            "rows": shown_rows(heatmap, list(page.object_list), link),
            "total": shown_rows(heatmap, [heatmap.total], None)[0],
            "query": query.removeprefix("?"),
            "xlsx_url": f"{query}{'&' if query else '?'}format=xlsx",
            "campaign_url": url_or_none("diagnostics:campaign", campaign.pk),
            "network_map_url": network_map,
            "min_group": grid.MIN_GROUP,
            "legend": legend(heatmap),
        },
        status=400 if form.errors else 200,
    )
