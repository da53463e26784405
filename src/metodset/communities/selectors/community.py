"""Reads of the communities' pages: the viewer's communities, those opened to her, a network's
directory, the community page, the strategy library and the people a coordinator may add.

The directory shows every community of a network's partners by direction; those the viewer
may not open appear by name, organisation and direction only (no link, no members), so that a
network's coordinator knows they exist without seeing their records.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from metodset.accounts.models import Membership, Network, NetworkPartner, User
from metodset.core.queries import contains_text, subquery_count
from metodset.events.models import Event

from .. import permissions
from ..models import Community, CoordinatorVote, Meeting, Member, Strategy, Tactic


def _with_counts(communities: QuerySet[Community]) -> QuerySet[Community]:
    next_meeting = (
        Meeting.objects.filter(community=OuterRef("pk"), event__starts_at__gte=timezone.now())
        .exclude(event__status=Event.Status.CANCELLED)
        .order_by("event__starts_at")
        .values("event__starts_at")[:1]
    )
    return communities.select_related("organization", "network").annotate(
        members_count=subquery_count(Member.objects.filter(community=OuterRef("pk"))),
        next_meeting_at=Subquery(next_meeting),
    )


def my_communities(user: User) -> list[Community]:
    """The viewer's communities, each with her role, its members count and its next meeting."""
    role = Member.objects.filter(community=OuterRef("pk"), user=user).values("role")[:1]
    communities: list[Community] = list(
        _with_counts(permissions.member_communities(user)).annotate(my_role=Subquery(role))
    )
    for community in communities:
        community.role_label = Member.Role(community.my_role).label  # type: ignore[attr-defined]
    return communities


def opened_communities(user: User) -> QuerySet[Community]:
    """Communities opened to the viewer of which she is not a member."""
    mine = permissions.member_communities(user).values("pk")
    return _with_counts(
        Community.objects.filter(pk__in=permissions.visible_communities(user).values("pk"))
    ).exclude(pk__in=mine)


def network_communities(network: Network, viewer: User) -> list[Community]:
    """The communities of a network and of its partners, by direction; ``opened`` marks those
    the viewer may open."""
    partners = NetworkPartner.objects.filter(network=network).values("organization_id")
    visible = permissions.visible_communities(viewer).filter(pk=OuterRef("pk"))
    return list(
        Community.objects.filter(Q(network=network) | Q(organization_id__in=partners))
        .select_related("organization", "network")
        .annotate(opened=Exists(visible))
        .order_by("direction", "name", "pk")
    )


# --- the community page -------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    members: list[Member]
    tactics: list[Tactic]
    my_vote: int | None  # the member the viewer voted for
    votes_cast: int


def community_page(community: Community, viewer: User) -> Page:
    """Members with their votes (as chair), tactics with the people responsible."""
    members: list[Member] = list(
        Member.objects.filter(community=community)
        .select_related("user")
        .annotate(votes=Count("votes_for"))
        .order_by("user__last_name", "user__first_name", "pk")
    )
    by_user = {m.user_id: m for m in members}
    me = by_user.get(viewer.pk)
    # The page asks member_of() many times: fill its cache from the list we already have.
    community.__dict__.setdefault("_members_by_user", {})[viewer.pk] = me
    tactics = list(
        Tactic.objects.filter(community=community).prefetch_related(
            Prefetch("responsible", queryset=User.objects.order_by("last_name", "first_name"))
        )
    )
    my_vote = None
    if me is not None:
        my_vote = (
            CoordinatorVote.objects.filter(voter=me).values_list("candidate_id", flat=True).first()
        )
    return Page(
        members=members,
        tactics=tactics,
        my_vote=my_vote,
        votes_cast=sum(m.votes for m in members),  # type: ignore[attr-defined]
    )


def community_networks(community: Community) -> QuerySet[Network]:
    """The network the community works across, or those its organisation is a partner of."""
    if community.network_id is not None:
        return Network.objects.filter(pk=community.network_id)
    return Network.objects.filter(partnerships__organization=community.organization)


def strategy_library(community: Community, query: str = "") -> QuerySet[Strategy]:
    """Shipped pairs and those of the community's networks, searched by problem or strategy."""
    pairs = Strategy.objects.filter(
        Q(network__isnull=True) | Q(network__in=community_networks(community))
    ).select_related("network")
    for word in query.split():
        pairs = pairs.filter(contains_text(word, ["problem", "strategy"]))
    return pairs


def addable_people(community: Community) -> QuerySet[User]:
    """People a coordinator may add: of the community's organisation, or, for a network
    community, of the network's partners and of the network itself; not yet members."""
    if community.organization_id is not None:
        homes = Q(organization_id=community.organization_id)
    else:
        partners = NetworkPartner.objects.filter(network=community.network).values(
            "organization_id"
        )
        homes = Q(organization_id__in=partners) | Q(network=community.network)
    people = Membership.objects.filter(homes).values("user_id")
    return (
        User.objects.filter(pk__in=people, is_active=True)
        .exclude(pk__in=Member.objects.filter(community=community).values("user_id"))
        .order_by("last_name", "first_name", "middle_name", "pk")
    )


def search_people(people: QuerySet[User], query: str) -> QuerySet[User]:
    for word in query.split():
        people = people.filter(contains_text(word, ["last_name", "first_name", "middle_name"]))
    return people
