"""Reads of people, organisations and networks, with the joins their pages need.

Counts are correlated subqueries rather than JOIN + GROUP BY: a page of 50 partners then costs
one query whatever the network's size, and only the rows on the page are counted.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from metodset.core.queries import contains_text, subquery_count

from . import permissions
from .models import (
    Membership,
    MembershipInvitation,
    Network,
    NetworkPartner,
    Organization,
    Region,
    User,
)

Role = Membership.Role

# The order in which an organisation's members are listed: those who run it first.
ORGANIZATION_ROLE_ORDER = [Role.MANAGER, Role.METHODIST, Role.EXPERT, Role.TEACHER]
NETWORK_STAFF_ROLE_ORDER = [Role.NETWORK_COORDINATOR, Role.COUNCIL_MEMBER]


def person_memberships(*, person: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=person)
        .select_related("organization__region", "network")
        .order_by("network__name", "organization__short_name", "role")
    )


def pending_invitations(*, person: User) -> QuerySet[MembershipInvitation]:
    """Invitations to organisations the person has not answered yet, newest first."""
    return (
        MembershipInvitation.objects.filter(user=person, status=MembershipInvitation.Status.PENDING)
        .select_related("organization", "invited_by")
        .order_by("-created_at", "-id")
    )


def _role_order(roles: Sequence[str], field: str = "role") -> Case:
    return Case(
        *(When(**{field: role}, then=Value(i)) for i, role in enumerate(roles)),
        default=Value(len(roles)),
        output_field=IntegerField(),
    )


# --- networks -----------------------------------------------------------------------


def networks_with_counts(*, networks: QuerySet[Network]) -> QuerySet[Network]:
    """Networks with ``partner_count`` and ``people_count`` (partners' members and the council)."""
    partner_ids = NetworkPartner.objects.filter(network=OuterRef(OuterRef("pk"))).values(
        "organization_id"
    )
    people = Membership.objects.filter(
        Q(network=OuterRef("pk")) | Q(organization_id__in=partner_ids)
    )
    return (
        networks.select_related("lead_organization")
        .annotate(
            partner_count=subquery_count(
                NetworkPartner.objects.filter(network=OuterRef("pk")), "organization", distinct=True
            ),
            people_count=subquery_count(people, "user", distinct=True),
        )
        .order_by("name")
    )


def network_staff(*, network: Network) -> QuerySet[Membership]:
    """Coordinators and the coordination council, coordinators first."""
    return (
        Membership.objects.filter(network=network, role__in=NETWORK_STAFF_ROLE_ORDER)
        .select_related("user")
        .order_by(
            _role_order(NETWORK_STAFF_ROLE_ORDER), "user__last_name", "user__first_name", "pk"
        )
    )


def network_partners(
    *,
    network: Network,
    region: Region | None = None,
    kind: str = "",
    text: str = "",
) -> QuerySet[Organization]:
    """The network's partner organisations with ``members_count``, filtered, by short name."""
    partners = Organization.objects.filter(partnerships__network=network)
    if region is not None:
        partners = partners.filter(region=region)
    if kind:
        partners = partners.filter(kind=kind)
    if text := text.strip():
        partners = partners.filter(contains_text(text, ("short_name", "name", "city")))
    return (
        partners.select_related("region")
        .annotate(
            members_count=subquery_count(
                Membership.objects.filter(organization=OuterRef("pk")), "user", distinct=True
            )
        )
        .order_by("short_name", "pk")
    )


def network_regions(*, network: Network) -> QuerySet[Region]:
    """Regions the network's partners are in, for the partner-list filter."""
    return Region.objects.filter(organizations__partnerships__network=network).distinct()


# --- organisations ------------------------------------------------------------------


def organizations_with_counts(*, organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    """Organisations with ``members_count`` (distinct people in any role)."""
    return (
        organizations.select_related("region")
        .annotate(
            members_count=subquery_count(
                Membership.objects.filter(organization=OuterRef("pk")), "user", distinct=True
            )
        )
        .order_by("short_name", "pk")
    )


def organization_members(*, organization: Organization) -> QuerySet[Membership]:
    """Memberships of the organisation, grouped by role (managers first), then by name."""
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by(
            _role_order(ORGANIZATION_ROLE_ORDER),
            "user__last_name",
            "user__first_name",
            "user__middle_name",
            "pk",
        )
    )


def organization_networks(*, organization: Organization) -> QuerySet[Network]:
    return Network.objects.filter(partnerships__organization=organization).order_by("name")


def organization_people(*, organization: Organization) -> QuerySet[User]:
    """People of the organisation, once each, with their roles there in ``org_memberships``."""
    return (
        User.objects.filter(memberships__organization=organization)
        .distinct()
        .order_by("last_name", "first_name", "middle_name", "pk")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(organization=organization).order_by(
                    _role_order(ORGANIZATION_ROLE_ORDER)
                ),
                to_attr="org_memberships",
            )
        )
    )


def network_for_viewer(*, viewer: User, network_id: int) -> Network:
    """The network with its counts; 404 if it does not exist, 403 if the viewer may not see it."""
    network = get_object_or_404(networks_with_counts(networks=Network.objects.all()), pk=network_id)
    if not permissions.can_view_network(viewer, network):
        raise PermissionDenied
    return network


def organization_for_viewer(*, viewer: User, organization_id: int) -> Organization:
    """The organisation with its counts; 404 if missing, 403 if the viewer may not see it."""
    organization = get_object_or_404(
        organizations_with_counts(organizations=Organization.objects.all()), pk=organization_id
    )
    if not permissions.can_view_organization(viewer, organization):
        raise PermissionDenied
    return organization
