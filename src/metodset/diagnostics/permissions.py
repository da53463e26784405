"""Who sees a person's results.

- the person, always;
- the managers and methodists of the organisation the person was assessed in;
- a network's coordinators and council: aggregates by organisation only; names across the
  network only with the permission ``diagnostics.view_named_results``;
- platform administrators.
"""

from __future__ import annotations

from django.http import Http404

from metodset.accounts import permissions as roles
from metodset.accounts.models import Membership, NetworkPartner, User
from metodset.diagnostics.campaigns.permissions import can_manage_campaign
from metodset.diagnostics.models import Participant


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


def sees_aggregates_of(user: User, organization_id: int) -> bool:
    """``organization_id in aggregate_organization_ids(user)`` for one organisation, without
    reading every partner of a network (a region's network has thousands)."""
    if not roles.is_active_user(user):
        return False
    if user.is_superuser or organization_id in roles.staff_organization_ids(user):
        return True
    return NetworkPartner.objects.filter(
        organization_id=organization_id, network_id__in=roles.staff_network_ids(user)
    ).exists()


def sees_names_in(user: User, organization_id: int) -> bool:
    """``organization_id in named_organization_ids(user)`` for one organisation (None: all)."""
    if not roles.is_active_user(user):
        return False
    if user.is_superuser or organization_id in roles.staff_organization_ids(user):
        return True
    return user.has_perm("diagnostics.view_named_results") and (
        NetworkPartner.objects.filter(
            organization_id=organization_id, network_id__in=roles.staff_network_ids(user)
        ).exists()
    )


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


def _participant(pk: int) -> Participant | None:
    return (
        Participant.objects.select_related("campaign__framework", "user", "organization")
        .filter(pk=pk)
        .first()
    )


def participant_for_viewer(*, viewer: User, pk: int) -> Participant:
    """A participant whose levels and deficits the viewer may see by name; else 404 (a refusal
    does not tell that the person took part)."""
    participant = _participant(pk)
    if participant is None or not can_view_results_of(viewer, participant):
        raise Http404
    return participant


def participant_for_observer(*, viewer: User, pk: int) -> Participant:
    """A participant the viewer may fill in an observation protocol for; else 404."""
    participant = _participant(pk)
    if participant is None or not can_observe(viewer, participant):
        raise Http404
    return participant
