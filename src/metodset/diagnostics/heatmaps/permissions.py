"""Who sees which heat map, and whose names in it."""

from __future__ import annotations

from django.http import Http404

from metodset.accounts import permissions as roles
from metodset.accounts.models import Organization, User
from metodset.diagnostics.models import Campaign, Participant
from metodset.diagnostics.permissions import aggregate_organization_ids, named_organization_ids

NAMED_PERMISSION = "diagnostics.view_named_results"


def _visible(user: User, campaign: Campaign) -> bool:
    """``campaigns_visible`` for one campaign, without joining its participants."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    staff_orgs = roles.staff_organization_ids(user)
    if campaign.organization_id in staff_orgs or campaign.network_id in roles.staff_network_ids(
        user
    ):
        return True
    return (
        bool(staff_orgs)
        and campaign.network_id is not None
        and Participant.objects.filter(campaign=campaign, organization_id__in=staff_orgs).exists()
    )


def is_network_staff(user: User, campaign: Campaign) -> bool:
    return campaign.network_id is not None and campaign.network_id in roles.staff_network_ids(user)


def aggregated_organization_ids(user: User, campaign: Campaign) -> set[int] | None:
    """Organisations whose aggregates the user may see in this campaign; None: all of it.

    The staff of a campaign's network see all of the campaign (its people came from the
    network's partners), which spares a list of 1,500 ids."""
    if user.is_superuser or is_network_staff(user, campaign):
        return None
    return aggregate_organization_ids(user)


def named_organization_ids_in(user: User, campaign: Campaign) -> set[int] | None:
    """Organisations whose people the user may see by name in this campaign; None: all."""
    if user.is_superuser or (is_network_staff(user, campaign) and user.has_perm(NAMED_PERMISSION)):
        return None
    return named_organization_ids(user)


def campaign_for_heatmap_viewer(*, viewer: User, pk: int) -> Campaign:
    """A campaign whose heat map the viewer may open; else 404."""
    campaign = (
        Campaign.objects.select_related("framework", "network", "organization")
        .filter(pk=pk)
        .first()
    )
    if campaign is None or not _visible(viewer, campaign):
        raise Http404
    return campaign


def organization_for_heatmap_viewer(*, viewer: User, campaign: Campaign, pk: int) -> Organization:
    """An organisation of a network campaign whose map of teachers the viewer may open: one
    whose aggregates they may see and whose people took part; else 404."""
    organization = Organization.objects.filter(pk=pk).first()
    allowed = aggregated_organization_ids(viewer, campaign)
    if (
        organization is None
        or (allowed is not None and organization.pk not in allowed)
        or not Participant.objects.filter(campaign=campaign, organization=organization).exists()
    ):
        raise Http404
    return organization
