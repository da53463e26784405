"""Who runs and who sees assessment campaigns."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from metodset.accounts import permissions as roles
from metodset.accounts.models import User
from metodset.diagnostics.models import Campaign, Participant


def campaigns_managed(user: User) -> QuerySet[Campaign]:
    """Campaigns the user runs: an organisation's staff theirs, a coordinator the network's."""
    if not roles.is_active_user(user):
        return Campaign.objects.none()
    if user.is_superuser:
        return Campaign.objects.all()
    return Campaign.objects.filter(
        Q(organization_id__in=roles.staff_organization_ids(user))
        | Q(network_id__in=roles.coordinated_network_ids(user))
    )


def can_manage_campaign(user: User, campaign: Campaign) -> bool:
    return campaigns_managed(user).filter(pk=campaign.pk).exists()


def can_create_campaign(user: User) -> bool:
    return roles.is_active_user(user) and (
        user.is_superuser
        or bool(roles.staff_organization_ids(user))
        or bool(roles.coordinated_network_ids(user))
    )


def campaigns_visible(user: User) -> QuerySet[Campaign]:
    """Campaigns whose pages (aggregates at least) the user may open."""
    if not roles.is_active_user(user):
        return Campaign.objects.none()
    if user.is_superuser:
        return Campaign.objects.all()
    return Campaign.objects.filter(
        Q(organization_id__in=roles.staff_organization_ids(user))
        | Q(network_id__in=roles.staff_network_ids(user))
        | Q(participants__organization_id__in=roles.staff_organization_ids(user))
    ).distinct()


def campaign_for_viewer(*, viewer: User, pk: int) -> Campaign:
    """A campaign whose pages the viewer may open, with what its pages show; else 404."""
    campaign = (
        campaigns_visible(viewer)
        .select_related("framework", "organization", "network", "test")
        .filter(pk=pk)
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


def campaign_for_manager(*, viewer: User, pk: int) -> Campaign:
    """A campaign the viewer runs; a campaign they only see, or none, is 404."""
    campaign = campaign_for_viewer(viewer=viewer, pk=pk)
    if not can_manage_campaign(viewer, campaign):
        raise Http404
    return campaign


def participant_for_manager(*, viewer: User, campaign: Campaign, pk: int) -> Participant:
    """A participant of a campaign the viewer runs (the campaign checked by the caller with
    ``campaign_for_manager``); else 404."""
    participant = (
        Participant.objects.select_related("user").filter(pk=pk, campaign=campaign).first()
    )
    if participant is None:
        raise Http404
    return participant
