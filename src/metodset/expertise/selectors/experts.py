"""Reads of the expert community: a network's experts with their current load."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from metodset.accounts.models import Membership, Network, NetworkPartner

from ..models import ExpertProfile, Review


def network_expert_ids(network: Network) -> set[int]:
    """People with the expert role in the network or in one of its partner organisations."""
    partners = NetworkPartner.objects.filter(network=network).values("organization_id")
    return set(
        Membership.objects.filter(role=Membership.Role.EXPERT, user__is_active=True)
        .filter(network=network)
        .values_list("user_id", flat=True)
    ) | set(
        Membership.objects.filter(
            role=Membership.Role.EXPERT, user__is_active=True, organization_id__in=partners
        ).values_list("user_id", flat=True)
    )


def network_experts(network: Network, *, query: str = "") -> QuerySet[ExpertProfile]:
    """The network's expert profiles, by surname, with ``open_reviews`` (assigned, drafts) in
    the network's campaigns; ``query`` looks in the name, competence and subjects."""
    profiles = (
        ExpertProfile.objects.filter(network=network, user__is_active=True)
        .select_related("user")
        .annotate(
            open_reviews=Count(
                "user__expertise_reviews",
                filter=Q(
                    user__expertise_reviews__status__in=Review.OPEN,
                    user__expertise_reviews__item__campaign__network=network,
                ),
            )
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for word in query.split()[:5]:
        profiles = profiles.filter(
            Q(user__last_name__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(competence__icontains=word)
            | Q(subjects__icontains=word)
        )
    return profiles
