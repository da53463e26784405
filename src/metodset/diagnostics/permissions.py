"""Who may see and import competency frameworks.

Frameworks describe what teachers should be able to do, not any person, so every signed-in
member sees them. Network coordinators import frameworks for their network; platform
administrators import ones for everybody.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from metodset.accounts import permissions as roles
from metodset.accounts.models import Membership, Network, NetworkPartner, User

from .models import Campaign, Framework, Participant


def visible_frameworks(user: User) -> QuerySet[Framework]:
    if not roles.is_active_user(user):
        return Framework.objects.none()
    if user.is_superuser:
        return Framework.objects.all()
    return Framework.objects.filter(
        Q(network__isnull=True) | Q(network_id__in=roles.member_network_ids(user))
    )


def import_networks(user: User) -> QuerySet[Network]:
    """Networks the user may import a framework for."""
    if not roles.is_active_user(user):
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(pk__in=roles.coordinated_network_ids(user))


def can_import(user: User) -> bool:
    return roles.is_active_user(user) and (
        user.is_superuser or bool(roles.coordinated_network_ids(user))
    )


# --- Campaigns and results ------------------------------------------------------------------
#
# Who sees a person's deficits:
# - the person, always;
# - the managers and methodists of the organisation the person was assessed in;
# - a network's coordinators and council: aggregates by organisation only; names across the
#   network only with the permission ``diagnostics.view_named_results``;
# - platform administrators.


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


def named_organization_ids(user: User) -> set[int] | None:
    """Organisations whose people the user may see by name in results; None means all."""
    if not roles.is_active_user(user):
        return set()
    if user.is_superuser:
        return None
    ids = set(roles.staff_organization_ids(user))
    if user.has_perm("diagnostics.view_named_results"):
        ids |= set(
            NetworkPartner.objects.filter(network_id__in=roles.staff_network_ids(user)).values_list(
                "organization_id", flat=True
            )
        )
    return ids


def aggregate_organization_ids(user: User) -> set[int] | None:
    """Organisations whose aggregated results the user may see; None means all."""
    if not roles.is_active_user(user):
        return set()
    if user.is_superuser:
        return None
    ids = set(roles.staff_organization_ids(user))
    ids |= set(
        NetworkPartner.objects.filter(network_id__in=roles.staff_network_ids(user)).values_list(
            "organization_id", flat=True
        )
    )
    return ids


def can_view_results_of(user: User, participant: Participant) -> bool:
    """May the user see this participant's levels and deficits by name?"""
    if not roles.is_active_user(user):
        return False
    if participant.user_id == user.pk:
        return True
    named = named_organization_ids(user)
    return named is None or participant.organization_id in named


def can_view_profile(user: User, person: User) -> bool:
    """May the user open this person's competency profile?"""
    if not roles.is_active_user(user):
        return False
    if person.pk == user.pk or user.is_superuser:
        return True
    named = named_organization_ids(user) or set()
    return Participant.objects.filter(user=person, organization_id__in=named).exists()


def can_observe(user: User, participant: Participant) -> bool:
    """Methodists and managers of the participant's organisation, the organisation's and the
    campaign network's experts, and whoever runs the campaign fill in observation protocols."""
    if not roles.is_active_user(user) or participant.user_id == user.pk:
        return False
    if user.is_superuser:
        return True
    campaign = participant.campaign
    org_roles = Membership.objects.filter(
        user=user,
        organization_id=participant.organization_id,
        role__in=[Membership.Role.MANAGER, Membership.Role.METHODIST, Membership.Role.EXPERT],
    )
    if org_roles.exists():
        return True
    if (
        campaign.network_id
        and Membership.objects.filter(
            user=user,
            network_id=campaign.network_id,
            role__in=[Membership.Role.NETWORK_COORDINATOR, Membership.Role.EXPERT],
        ).exists()
    ):
        return True
    return can_manage_campaign(user, campaign)
